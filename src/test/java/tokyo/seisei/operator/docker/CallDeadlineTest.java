package tokyo.seisei.operator.docker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that accepts a connection and never answers, as a hung dockerd does on its unix socket: a read there
 * ignores any socket timeout, and only the deadline ends it.
 */
@Timeout(20)
class CallDeadlineTest {

    static final Duration LIMIT = Duration.ofMillis(300);
    static final String ENGINE = "Docker engine at unix:///var/run/docker.sock";

    @TempDir
    Path dir;

    @Test
    void aReadOnASocketThatNeverAnswersFailsAtTheDeadlineAsAnUnreachableEngine() throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("docker.sock"));
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(address);
             SocketChannel connection = SocketChannel.open(address)) {

            DockerFailure failure = assertThrows(DockerFailure.class,
                    () -> new CallDeadline(LIMIT, ENGINE).run("list managed containers", () -> read(connection)));

            assertEquals(DockerFailure.Kind.UNREACHABLE, failure.kind());
            assertEquals("Docker engine at unix:///var/run/docker.sock did not answer within 300ms: cannot list managed containers", failure.getMessage());
            assertFalse(connection.isOpen(), "the connection is closed, never put back in a pool");
            assertFalse(Thread.currentThread().isInterrupted(), "the caller goes on uninterrupted");
        }
    }

    @Test
    void aCallWithinTheDeadlineKeepsItsResultAndItsThread() {
        CallDeadline deadline = new CallDeadline(LIMIT, ENGINE);

        assertEquals("ok", deadline.run("read engine info", () -> "ok"));

        // an alarm not cancelled would interrupt this thread past the deadline
        await().pollInSameThread().during(LIMIT.multipliedBy(2)).atMost(LIMIT.multipliedBy(4))
                .until(() -> !Thread.currentThread().isInterrupted());
    }

    @Test
    void aRefusalWithinTheDeadlineIsThrownAsItIs() {
        DockerFailure refused = new DockerFailure(DockerFailure.Kind.NOT_FOUND, "no such container: web");

        DockerFailure thrown = assertThrows(DockerFailure.class, () -> new CallDeadline(LIMIT, ENGINE).run("inspect container web", () -> {
            throw refused;
        }));

        assertTrue(thrown == refused);
    }

    private static String read(SocketChannel connection) {
        try {
            int read = connection.read(ByteBuffer.allocate(16));
            return "read " + read;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
