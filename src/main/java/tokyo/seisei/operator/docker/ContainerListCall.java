package tokyo.seisei.operator.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotAcceptableException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET /containers/json?all=true}, the request docker-java's {@code listContainersCmd().withShowAll(true)} sends,
 * with its answer read by {@link ContainerListJson}. A refusal throws the exception docker-java would have thrown for
 * its status, and a failure of the transport or of the reading is a RuntimeException around it, as in docker-java:
 * {@link EngineFailures} translates both alike.
 */
final class ContainerListCall {

    private static final JsonFactory JSON = new JsonFactory();

    private ContainerListCall() {
    }

    /** @param label only the containers that carry it ("key" or "key=value"); null for all */
    static List<ContainerSummary> list(DockerHttpClient transport, String apiVersion, String label) {
        try (DockerHttpClient.Response response = transport.execute(request(apiVersion, label))) {
            int status = response.getStatusCode();
            if (status < 200 || status > 299) {
                throw refusal(status, new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            return ContainerListJson.parse(response.getBody());
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    static DockerHttpClient.Request request(String apiVersion, String label) {
        String path = "/v" + apiVersion + "/containers/json?all=true";
        if (label != null) {
            path += "&filters=" + URLEncoder.encode(labelFilter(label), StandardCharsets.UTF_8);
        }
        return DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path(path)
                .putHeader("accept", "application/json")
                .build();
    }

    /** {"label":["..."]}, as docker-java's FiltersEncoder writes it. */
    private static String labelFilter(String label) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("label");
            json.writeString(label);
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** docker-java's exception for the status, so that {@link EngineFailures} tells them apart as before. */
    static DockerException refusal(int status, String body) {
        return switch (status) {
            case 304 -> new NotModifiedException(body);
            case 400 -> new BadRequestException(body);
            case 401 -> new UnauthorizedException(body);
            case 404 -> new NotFoundException(body);
            case 406 -> new NotAcceptableException(body);
            case 409 -> new ConflictException(body);
            case 500 -> new InternalServerErrorException(body);
            default -> new DockerException(body, status);
        };
    }
}
