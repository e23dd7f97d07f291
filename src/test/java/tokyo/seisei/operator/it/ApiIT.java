package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.it.StackFixtures.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The daemon's HTTP API, health, metrics and webhook, on the packaged application. */
class ApiIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final String stack = lab.stack("api");
    final int appPort = Lab.freePort();
    final int apiPort = Lab.freePort();
    final List<String> webhooks = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();
    final Path state = lab.stateDir();
    HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            webhooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    /** The daemon on the test's folders, polling at the interval given, once it is ready (its first pass done). */
    private void startDaemon(String pollInterval) {
        lab.daemon(lab.stackctl()
                .with("QUARKUS_HTTP_PORT", String.valueOf(apiPort))
                .with("OPERATOR_POLL_INTERVAL", pollInterval)
                .with("OPERATOR_NOTIFY_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .untilAsserted(() -> assertEquals(200, get("/q/health/ready").statusCode()));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
        return postAuthorization(path, token == null ? null : "Bearer " + token, body);
    }

    /** A POST with this Authorization header, or none when null. */
    private HttpResponse<String> postAuthorization(String path, String authorization, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readsNeedNothingChangesNeedTheToken() throws Exception {
        lab.write(stack, app(stack, "sha-1a2b3c4", appPort));
        startDaemon("2s");
        HttpResponse<String> stacks = get("/api/stacks");
        assertEquals(200, stacks.statusCode());
        assertTrue(stacks.body().contains("\"stack\":\"" + stack + "\"") && stacks.body().contains("\"phase\":\"Ready\""), stacks.body());
        assertEquals(404, get("/api/stacks/no-such-stack").statusCode());
        Lab.Result beside = lab.stackctl().with("QUARKUS_HTTP_PORT", String.valueOf(apiPort))
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
        lab.write(stack, app(stack, "sha-1a2b3c4", appPort));
        startDaemon("2s");
        assertEquals(200, get("/q/health/live").statusCode());
        String metrics = get("/q/metrics").body();
        for (String name : List.of("stack_operator_stack_info{", "stack_operator_deploys_total{", "stack_operator_step_duration_seconds",
                "stack_operator_pass_duration_seconds", "stack_operator_last_successful_pass_timestamp_seconds",
                "stack_operator_docker_api_errors")) {
            assertTrue(metrics.contains(name), name + " in\n" + metrics);
        }
        assertTrue(metrics.contains("phase=\"Ready\"") && metrics.contains("stack=\"" + stack + "\""), metrics);
        // the Ready stack, with nothing changed since, is left alone by the passes after its deploy
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/q/metrics").body().lines()
                .anyMatch(l -> l.startsWith("stack_operator_stacks_left_alone_total ") && !l.endsWith(" 0.0")));

        lab.write(stack, app(stack, "sha-doesnotexist", appPort));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertFalse(webhooks.isEmpty()));
        String hook = webhooks.get(0);
        assertTrue(hook.contains("\"stack\":\"" + stack + "\"") && hook.contains("\"reason\":\"DeployFailed\"")
                && hook.contains("\"version\":\"sha-doesnotexist\"") && hook.contains("\"text\":\"[" + stack + "/staging] DeployFailed"), hook);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertTrue(get("/q/metrics").body().contains("result=\"fail\"")));
    }

    @Test
    void aReconcileRequestRunsAPassOfTheStackAtOnce() throws Exception {
        String other = lab.stack("other");
        int otherPort = Lab.freePort();
        lab.write(stack, app(stack, "sha-1a2b3c4", appPort));
        lab.write(other, app(other, "sha-1a2b3c4", otherPort));
        // a poll every ten minutes, and no file changes: only a request can bring a pass in time
        startDaemon("600s");
        String token = Files.readString(state.resolve("api-token")).strip();
        long before = passesCaughtUp(other, token);

        HttpResponse<String> accepted = post("/api/stacks/" + stack + "/reconcile", token, "");

        assertEquals(202, accepted.statusCode());
        assertEquals(json("{\"stack\":\"" + stack + "\",\"accepted\":true}"), json(accepted.body()));
        await().atMost(Duration.ofSeconds(30)).until(() -> passes() == before + 1);
        assertEquals("200 sha-1a2b3c4", Lab.get(appPort, "/version"));
    }

    @Test
    void everyChangingCallRefusesAMissingOrWrongTokenBeforeLookingAtTheStack() throws Exception {
        String other = lab.stack("other");
        String latched = lab.stack("latched");
        int otherPort = Lab.freePort();
        lab.write(stack, app(stack, "sha-1a2b3c4", appPort));
        lab.write(other, app(other, "sha-1a2b3c4", otherPort));
        lab.write(latched, app(latched, "sha-doesnotexist", Lab.freePort()));
        // a poll every ten minutes, and no file changes: a pass comes only when a request asks for one
        startDaemon("600s");
        String token = Files.readString(state.resolve("api-token")).strip();
        long before = passesCaughtUp(other, token);
        assertTrue(get("/api/stacks/" + latched).body().contains("\"failedVersion\":\"sha-doesnotexist\""));
        Map<String, String> statuses = statusFiles(stack, latched);

        Map<String, String> wrongHeaders = new LinkedHashMap<>();
        wrongHeaders.put("no Authorization header", null);
        wrongHeaders.put("an empty bearer token", "Bearer ");
        wrongHeaders.put("a longer token", "Bearer " + token + "x");
        wrongHeaders.put("a shorter token", "Bearer " + token.substring(1));
        wrongHeaders.put("the token in another scheme", "Basic " + token);
        List<String> refusals = new ArrayList<>();
        for (String call : List.of("reconcile", "pause", "resume", "retry")) {
            for (String name : List.of(stack, latched, "no-such-stack")) {
                for (Map.Entry<String, String> wrong : wrongHeaders.entrySet()) {
                    HttpResponse<String> refused = postAuthorization("/api/stacks/" + name + "/" + call, wrong.getValue(),
                            call.equals("pause") ? "{\"reason\":\"x\"}" : "");
                    if (refused.statusCode() != 401
                            || !json(refused.body()).equals(json("{\"error\":\"missing or wrong bearer token (operator.api.token-file)\"}"))) {
                        refusals.add(call + " " + name + " with " + wrong.getKey() + ": " + refused.statusCode() + " " + refused.body());
                    }
                }
            }
        }
        assertEquals(List.of(), refusals, "every changing call without the right token is refused with 401, known stack or not");

        assertEquals(202, post("/api/stacks/" + other + "/reconcile", token, "").statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> passes() >= before + 1);
        // the refused calls queued no pass: the one asked for with the token is the only one, and no other follows
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> passes() == before + 1);
        assertEquals(statuses, statusFiles(stack, latched), "no status changed: no pause, resume, retry or pass");
        assertEquals(List.of(), pauseFiles(), "no pause file");

        // a pause stays when its resume is refused; the retry of the latched version stays undone
        assertEquals(200, post("/api/stacks/" + stack + "/pause", token, "{\"reason\":\"by hand\"}").statusCode());
        assertEquals(401, post("/api/stacks/" + stack + "/resume", token + "x", "").statusCode());
        assertTrue(Files.exists(state.resolve("pause").resolve(stack)));
        assertEquals(json("{\"stack\":\"" + stack + "\",\"resumed\":true}"),
                json(post("/api/stacks/" + stack + "/resume", token, "").body()));
        assertFalse(Files.exists(state.resolve("pause").resolve(stack)));
        assertEquals(json("{\"stack\":\"" + latched + "\",\"retrying\":\"sha-doesnotexist\"}"),
                json(post("/api/stacks/" + latched + "/retry", token, "").body()));

        // with the token, an unknown stack is named as such
        for (String call : List.of("reconcile", "pause", "resume", "retry")) {
            HttpResponse<String> unknown = post("/api/stacks/no-such-stack/" + call, token, call.equals("pause") ? "{\"reason\":\"x\"}" : "");
            assertEquals(404, unknown.statusCode(), call);
            assertEquals(json("{\"error\":\"no stack named no-such-stack\"}"), json(unknown.body()), call);
        }
    }

    /**
     * Returns once the daemon has caught up with every pass asked for so far: the container of the stack given is
     * stopped by hand, and a pass of that stack asked for with the token starts it again and records the heal.
     * Passes run one at a time, in the order asked, so every pass asked for before has ended, and what is changed by
     * hand afterwards is seen only by passes asked for later.
     */
    /**
     * Asks for a pass of the stack with the token and waits until it is done: every pass queued before it is done
     * too (passes run one at a time, in order).
     *
     * @return how many passes the daemon has run, that one included
     */
    private long passesCaughtUp(String stack, String token) throws Exception {
        long heals = healsOf(stack);
        Lab.docker("stop", "-t", "1", stack + "-web");
        await().atMost(Duration.ofSeconds(60)).until(() -> healsOf(stack) == heals + 1); // the engine's event asks for it
        long passes = passes();
        assertEquals(202, post("/api/stacks/" + stack + "/reconcile", token, "").statusCode());
        await().atMost(Duration.ofSeconds(60)).until(() -> passes() > passes);
        return passes();
    }

    /** The passes the daemon ran, as its metrics count them. */
    private long passes() throws Exception {
        return (long) Lab.metric(get("/q/metrics").body(), "stack_operator_pass_duration_seconds_count");
    }

    private long healsOf(String stack) throws IOException {
        Path history = state.resolve("deploy-history.log");
        return Files.exists(history) ? Files.readAllLines(history).stream()
                .filter(l -> l.contains(" | " + stack + " | ") && l.contains(" | heal | ") && l.contains(" | success | ")).count() : 0;
    }

    /** A JSON text as a tree, so two texts compare by their content, whatever the order of their fields. */
    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private List<String> pauseFiles() throws IOException {
        if (!Files.exists(state.resolve("pause"))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(state.resolve("pause"))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private Map<String, String> statusFiles(String... stacks) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String name : stacks) {
            files.put(name, Files.readString(state.resolve("status").resolve(name + ".yaml")));
        }
        return files;
    }
}
