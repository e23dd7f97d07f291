package tokyo.seisei.operator.docker;

import static tokyo.seisei.operator.docker.DockerFailure.Kind.CONFLICT;
import static tokyo.seisei.operator.docker.DockerFailure.Kind.FAILED;
import static tokyo.seisei.operator.docker.DockerFailure.Kind.NOT_FOUND;
import static tokyo.seisei.operator.docker.DockerFailure.Kind.UNAUTHORIZED;
import static tokyo.seisei.operator.docker.DockerFailure.Kind.UNREACHABLE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import java.io.IOException;

/** The one place where docker-java's exceptions become {@link DockerFailure}s. */
final class EngineFailures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String host;
    private final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();

    EngineFailures(String host) {
        this.host = host;
    }

    /** How many failures of the engine were translated: every refusal or unreachable engine, once each. */
    long count() {
        return count.get();
    }

    /**
     * @param operation what was attempted, naming the object: "create container web-1"
     */
    DockerFailure translate(String operation, Throwable e) {
        if (e instanceof DockerFailure failure) {
            return failure;
        }
        count.incrementAndGet();
        if (isUnreachable(e)) {
            return unreachable(operation, e);
        }
        String message = engineMessage(e);
        // before "not found": Docker Hub says "pull access denied ... repository does not exist or may require 'docker login'"
        if (operation.startsWith("pull ") && (e instanceof UnauthorizedException || looksUnauthorized(message))) {
            return new DockerFailure(UNAUTHORIZED, "Cannot " + operation + ": the registry refused it: " + message, e);
        }
        if (e instanceof NotFoundException || e instanceof PullStreamException && looksNotFound(message)) {
            return new DockerFailure(NOT_FOUND, "Cannot " + operation + ": not found: " + message, e);
        }
        if (e instanceof ConflictException || looksLikePortInUse(message)) {
            return new DockerFailure(CONFLICT, "Cannot " + operation + ": conflict: " + message, e);
        }
        return new DockerFailure(FAILED, "Cannot " + operation + ": " + message, e);
    }

    private DockerFailure unreachable(String operation, Throwable e) {
        return new DockerFailure(UNREACHABLE, "Docker engine at " + host + " is not reachable: cannot " + operation
                + ": " + rootMessage(e), e);
    }

    /** Connection failures surface as RuntimeExceptions wrapping an IOException (refused, reset, timeout). */
    private static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException) {
                return false; // an IOException too, but it means a response we could not read
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksNotFound(String message) {
        String m = message.toLowerCase();
        return m.contains("not found") || m.contains("manifest unknown") || m.contains("does not exist");
    }

    /** What registries and the engine say of a pull without (good) credentials; never "permission denied" on a disk. */
    private static boolean looksUnauthorized(String message) {
        String m = message.toLowerCase();
        return m.contains("unauthorized") || m.contains("no basic auth credentials") || m.contains("authentication required")
                || m.contains("access denied") || m.contains("denied:") || m.contains("access to the resource is denied")
                || m.contains("forbidden");
    }

    private static boolean looksLikePortInUse(String message) {
        String m = message.toLowerCase();
        return m.contains("port is already allocated") || m.contains("address already in use");
    }

    /** docker-java reports "Status 404: {"message":"No such container: x"}"; keep the engine's sentence. */
    private static String engineMessage(Throwable e) {
        String message = String.valueOf(e.getMessage()).trim();
        if (e instanceof DockerException) {
            int brace = message.indexOf('{');
            if (brace >= 0) {
                try {
                    JsonNode node = JSON.readTree(message.substring(brace));
                    if (node.hasNonNull("message")) {
                        return node.get("message").asText();
                    }
                } catch (IOException | RuntimeException ignored) {
                    // not JSON after all: keep the whole message
                }
            }
        }
        return message;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + message;
    }
}
