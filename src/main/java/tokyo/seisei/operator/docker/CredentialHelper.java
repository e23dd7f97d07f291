package tokyo.seisei.operator.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tokyo.seisei.operator.model.Printable;

/**
 * Asks a Docker credential helper for a registry's credentials, as Docker does: {@code docker-credential-<name> get},
 * the server address on its stdin, {@code {"ServerURL", "Username", "Secret"}} on its stdout. The helper is looked
 * for in the directories given (the operator's {@code PATH}) and run from an argument array, with a deadline. What it
 * answers is never logged nor put in a message.
 */
final class CredentialHelper {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What helpers print (on stdout, exit code 1) for a registry they hold nothing for: anonymous, as for Docker. */
    private static final String NOT_FOUND = "credentials not found";

    /** More than any helper's answer; a helper that says more is not read further. */
    private static final int MAX_OUTPUT = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "credential-helper");
        thread.setDaemon(true);
        return thread;
    });

    private final List<Path> searchPath;
    private final Duration timeout;

    CredentialHelper(List<Path> searchPath, Duration timeout) {
        this.searchPath = List.copyOf(searchPath);
        this.timeout = timeout;
    }

    /** @return empty when the helper holds nothing for the registry */
    Optional<RegistryLogin> get(CredentialsConfig.Helper helper, String serverAddress) {
        String command = "docker-credential-" + helper.name();
        Path executable = find(command).orElseThrow(() -> new CredentialsUnavailable(command + " (" + helper.field()
                + ") is not on the operator's PATH"));
        Process process;
        try {
            process = new ProcessBuilder(List.of(executable.toString(), "get")).start();
        } catch (IOException e) {
            throw new CredentialsUnavailable("cannot run " + executable + ": " + e.getMessage(), e);
        }
        try {
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAtMost(process.getInputStream()), READERS);
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAtMost(process.getErrorStream()), READERS);
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(serverAddress.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a helper that exits without reading is judged by its exit code and output below
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CredentialsUnavailable(command + " get did not answer within " + timeout.toSeconds() + " s");
            }
            String out = new String(stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                if (out.toLowerCase().contains(NOT_FOUND)) {
                    return Optional.empty();
                }
                // helpers say why on stdout; an answer there (a JSON object) may hold the secret, so it is never quoted
                String said = out.isEmpty() || mayHoldAnAnswer(out)
                        ? new String(stderr.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8).strip()
                        : out;
                throw new CredentialsUnavailable(command + " get failed (exit code " + process.exitValue() + ")"
                        + (said.isEmpty() ? "" : ": " + Printable.excerpt(firstLine(said))));
            }
            return Optional.of(answer(command, serverAddress, out));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialsUnavailable(command + " get was interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CredentialsUnavailable(command + " get: its output could not be read", e);
        } finally {
            // a helper's own children could keep its output open, and the threads reading it, past the deadline
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static boolean mayHoldAnAnswer(String out) {
        return out.startsWith("{") || out.contains("Secret");
    }

    private Optional<Path> find(String command) {
        return searchPath.stream().map(dir -> dir.resolve(command))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }

    /** The answer's fields, never its text: an error names what is wrong, not what was said. */
    private static RegistryLogin answer(String command, String serverAddress, String out) {
        JsonNode json;
        try {
            json = JSON.readTree(out);
        } catch (IOException e) {
            throw new CredentialsUnavailable(command + " get answered something that is not JSON");
        }
        if (json == null || !json.isObject() || !json.path("Secret").isTextual() || !json.path("Username").isTextual()) {
            throw new CredentialsUnavailable(command + " get answered without a Username and a Secret");
        }
        return RegistryLogin.fromHelper(serverAddress, json.get("Username").asText(), json.get("Secret").asText());
    }

    private static byte[] readAtMost(InputStream in) {
        try (in) {
            byte[] read = in.readNBytes(MAX_OUTPUT);
            in.transferTo(OutputStream.nullOutputStream());
            return read;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }
}
