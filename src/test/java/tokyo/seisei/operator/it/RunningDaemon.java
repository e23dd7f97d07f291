package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The packaged daemon ({@code stackctl run}) on a desired-state folder and a state dir of the test's own, on a free
 * port of 127.0.0.1, started and stopped as a person does it.
 */
public final class RunningDaemon implements AutoCloseable {

    public final Path desiredStateDir;
    public final Path stateDir;
    public final int port = Lab.freePort();
    private final Path log;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    /** A daemon on {@code root/desired-state} and {@code root/state}, both made when missing; not started yet. */
    public RunningDaemon(Path root) {
        try {
            this.desiredStateDir = Files.createDirectories(root.resolve("desired-state"));
            this.stateDir = Files.createDirectories(root.resolve("state"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.log = root.resolve("daemon.log");
        env.put("OPERATOR_POLL_INTERVAL", "2s");
    }

    public RunningDaemon with(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Starts the daemon and waits until it is ready: the engine answers and its first pass is done. */
    public RunningDaemon start() {
        Stackctl stackctl = new Stackctl(desiredStateDir, stateDir).with("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.forEach(stackctl::with);
        try {
            process = stackctl.start(log, "run");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        try {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                    .failFast("the daemon exited", () -> !started.isAlive())
                    .untilAsserted(() -> assertEquals(200, get("/q/health/ready").statusCode()));
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError("the daemon on port " + port + " is not ready (" + e.getMessage() + "); its log:\n" + log(), e);
        }
        return this;
    }

    /** Stops it as systemctl does (SIGTERM) and waits for it to exit. */
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The API token the daemon made at its first start. */
    public String token() {
        try {
            return Files.readString(stateDir.resolve("api-token")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "cannot read " + log + ": " + e.getMessage();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
