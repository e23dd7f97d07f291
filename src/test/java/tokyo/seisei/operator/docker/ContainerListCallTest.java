package tokyo.seisei.operator.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerListCallTest {

    private final EngineFailures failures = new EngineFailures("unix:///var/run/docker.sock");

    @Test
    void sendsTheRequestDockerJavaSends() {
        // as docker-java 3.7.1 sends listContainersCmd().withShowAll(true), with and without withLabelFilter
        DockerHttpClient.Request all = ContainerListCall.request("1.41", null);
        DockerHttpClient.Request labelled = ContainerListCall.request("1.41", "a.b=c d/é");

        assertEquals("GET", all.method());
        assertEquals("/v1.41/containers/json?all=true", all.path());
        assertEquals(Map.of("accept", "application/json"), all.headers());
        assertEquals("/v1.41/containers/json?all=true&filters=%7B%22label%22%3A%5B%22a.b%3Dc+d%2F%C3%A9%22%5D%7D",
                labelled.path());
        assertEquals("/v1.44/containers/json?all=true&filters=%7B%22label%22%3A%5B%22tokyo.seisei.stack%22%5D%7D",
                ContainerListCall.request("1.44", "tokyo.seisei.stack").path());
    }

    @Test
    void readsTheAnswerOfOneRequest() {
        Answering engine = new Answering(200, ContainerListJsonTest.BODY);

        List<ContainerSummary> listed = ContainerListCall.list(engine, "1.41", null);

        assertEquals(3, listed.size());
        assertEquals(1, engine.requests);
        assertTrue(engine.closed, "the answer is released");
    }

    @Test
    void aRefusalIsTheExceptionDockerJavaThrowsForItsStatusAndKeepsTheEngineSentence() {
        RuntimeException notFound = assertThrows(NotFoundException.class, () -> ContainerListCall.list(
                new Answering(404, "{\"message\":\"page not found\"}\n"), "1.41", null));
        RuntimeException broken = assertThrows(InternalServerErrorException.class, () -> ContainerListCall.list(
                new Answering(500, "{\"message\":\"Error response from daemon: too many open files\"}\n"), "1.41",
                null));
        DockerException unavailable = assertThrows(DockerException.class, () -> ContainerListCall.list(
                new Answering(503, "busy"), "1.41", null));

        assertEquals(DockerFailure.Kind.NOT_FOUND, failures.translate("list managed containers", notFound).kind());
        DockerFailure failed = failures.translate("list managed containers", broken);
        assertEquals(DockerFailure.Kind.FAILED, failed.kind());
        assertEquals("Cannot list managed containers: Error response from daemon: too many open files",
                failed.getMessage());
        assertEquals(503, unavailable.getHttpStatus());
        assertEquals(DockerFailure.Kind.FAILED, failures.translate("list managed containers", unavailable).kind());
    }

    @Test
    void anEngineThatCannotBeReachedOrCutsTheAnswerIsUnreachableAndAnUnreadableAnswerIsNot() {
        DockerHttpClient refused = new Answering(200, "") {
            @Override
            public Response execute(Request request) {
                throw new RuntimeException(new ConnectException("Connection refused"));
            }
        };
        DockerHttpClient cut = new Answering(200, "") {
            @Override
            InputStream body() {
                return new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("Connection reset by peer");
                    }
                };
            }
        };

        RuntimeException notSent = assertThrows(RuntimeException.class, () -> ContainerListCall.list(refused, "1.41", null));
        RuntimeException notRead = assertThrows(RuntimeException.class, () -> ContainerListCall.list(cut, "1.41", null));
        RuntimeException garbled = assertThrows(RuntimeException.class, () -> ContainerListCall.list(
                new Answering(200, "<html>proxy error</html>"), "1.41", null));

        DockerFailure down = failures.translate("list managed containers", notSent);
        assertEquals(DockerFailure.Kind.UNREACHABLE, down.kind());
        assertTrue(down.transientFailure());
        assertEquals(DockerFailure.Kind.UNREACHABLE, failures.translate("list managed containers", notRead).kind());
        assertEquals(DockerFailure.Kind.FAILED, failures.translate("list managed containers", garbled).kind());
    }

    /** An engine that gives one answer to every request. */
    private static class Answering implements DockerHttpClient {
        private final int status;
        private final String body;
        int requests;
        boolean closed;

        Answering(int status, String body) {
            this.status = status;
            this.body = body;
        }

        InputStream body() {
            return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public Response execute(Request request) {
            requests++;
            InputStream stream = body();
            return new Response() {
                @Override
                public int getStatusCode() {
                    return status;
                }

                @Override
                public Map<String, List<String>> getHeaders() {
                    return Map.of();
                }

                @Override
                public InputStream getBody() {
                    return stream;
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }

        @Override
        public void close() {
        }
    }
}
