package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's HTTP API, health, metrics and webhook, on the packaged application. */
class ApiIT {

    @TempDir
    Path root;

    final String stack = Lab.uniqueStack("api");
    final int appPort = Lab.freePort();
    final int apiPort = Lab.freePort();
    final List<String> webhooks = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();
    HttpServer receiver;
    Process daemon;
    Path state;

    @BeforeEach
    void startDaemon() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            webhooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        Path desired = Files.createDirectories(root.resolve("desired-state"));
        state = Files.createDirectories(root.resolve("state"));
        Lab.write(desired, stack, Lab.appStack(stack, "sha-1a2b3c4", appPort));
        daemon = new Stackctl(desired, state)
                .with("QUARKUS_HTTP_PORT", String.valueOf(apiPort))
                .with("OPERATOR_POLL_INTERVAL", "2s")
                .with("OPERATOR_NOTIFY_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                .start(root.resolve("daemon.log"), "run");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .untilAsserted(() -> assertEquals(200, get("/q/health/ready").statusCode()));
    }

    @AfterEach
    void stop() throws InterruptedException {
        daemon.destroy();
        daemon.waitFor();
        receiver.stop(0);
        Lab.cleanUp(stack);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readsNeedNothingChangesNeedTheToken() throws Exception {
        HttpResponse<String> stacks = get("/api/stacks");
        assertEquals(200, stacks.statusCode());
        assertTrue(stacks.body().contains("\"stack\":\"" + stack + "\"") && stacks.body().contains("\"phase\":\"Ready\""), stacks.body());
        assertEquals(404, get("/api/stacks/no-such-stack").statusCode());
        Lab.Result beside = new Stackctl(root.resolve("desired-state"), state).with("QUARKUS_HTTP_PORT", String.valueOf(apiPort))
                .run("status", stack);
        assertEquals(0, beside.exitCode(), "a CLI command opens no port, so it runs beside the daemon on the same one: "
                + beside.errors());
        assertTrue(get("/api/stacks/" + stack + "/history").body().contains("\"action\":\"deploy\""));
        assertTrue(get("/api/stacks/" + stack + "/events").body().contains("\"to\":\"Ready\""));

        Path tokenFile = state.resolve("api-token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        String token = Files.readString(tokenFile).strip();

        HttpResponse<String> noToken = post("/api/stacks/" + stack + "/pause", null, "{\"reason\":\"x\"}");
        assertEquals(401, noToken.statusCode());
        HttpResponse<String> wrongToken = post("/api/stacks/" + stack + "/pause", token + "x", "{\"reason\":\"x\"}");
        assertEquals(401, wrongToken.statusCode());
        assertFalse(Files.exists(state.resolve("pause").resolve(stack)), "a refused call changes nothing");

        assertEquals(400, post("/api/stacks/" + stack + "/pause", token, "{not json").statusCode());
        assertEquals(400, post("/api/stacks/" + stack + "/pause", token, "{}").statusCode());
        assertEquals(404, post("/api/stacks/no-such-stack/pause", token, "{\"reason\":\"x\"}").statusCode());
        assertEquals(404, post("/api/hooks/git", null, "{}").statusCode(), "no git webhook without its secret");

        assertEquals(200, post("/api/stacks/" + stack + "/pause", token, "{\"reason\":\"maintenance\"}").statusCode());
        assertEquals(202, post("/api/stacks/" + stack + "/reconcile", token, "").statusCode());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertTrue(get("/api/stacks/" + stack).body().contains("\"phase\":\"Paused\"")));
        assertEquals(200, post("/api/stacks/" + stack + "/resume", token, "").statusCode());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertTrue(get("/api/stacks/" + stack).body().contains("\"phase\":\"Ready\"")));
    }

    @Test
    void healthMetricsAndTheWebhookOfAFailure() throws Exception {
        assertEquals(200, get("/q/health/live").statusCode());
        String metrics = get("/q/metrics").body();
        for (String name : List.of("stack_operator_stack_info{", "stack_operator_deploys_total{", "stack_operator_step_duration_seconds",
                "stack_operator_pass_duration_seconds", "stack_operator_last_successful_pass_timestamp_seconds",
                "stack_operator_docker_api_errors")) {
            assertTrue(metrics.contains(name), name + " in\n" + metrics);
        }
        assertTrue(metrics.contains("phase=\"Ready\"") && metrics.contains("stack=\"" + stack + "\""), metrics);

        Lab.write(root.resolve("desired-state"), stack, Lab.appStack(stack, "sha-doesnotexist", appPort));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertFalse(webhooks.isEmpty()));
        String hook = webhooks.get(0);
        assertTrue(hook.contains("\"stack\":\"" + stack + "\"") && hook.contains("\"reason\":\"DeployFailed\"")
                && hook.contains("\"version\":\"sha-doesnotexist\"") && hook.contains("\"text\":\"[" + stack + "/staging] DeployFailed"), hook);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertTrue(get("/q/metrics").body().contains("result=\"fail\"")));
    }
}
