package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon (the packaged application) with hostile files in its desired-state folder, and hostile stack names in
 * URLs: it stays ready, serves the good stack, blocks the bad ones, and no name in a URL reaches a file outside the
 * state dir, with the token or without it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileApiIT {

    @TempDir
    static Path root;

    /** Files planted outside the state dir, where a path built from a URL would land. */
    @TempDir
    static Path planted;

    final String stack = Lab.uniqueStack("api");
    final String linked = Lab.uniqueStack("linked");
    final String escaped = Lab.uniqueStack("esc");
    final int appPort = Lab.freePort();
    final int apiPort = Lab.freePort();
    final HttpClient http = HttpClient.newHttpClient();
    Path desired;
    Path state;
    Path log;
    Process daemon;
    String token;

    @BeforeAll
    void startDaemon() throws IOException {
        desired = Files.createDirectories(root.resolve("desired-state"));
        state = Files.createDirectories(root.resolve("state"));
        log = root.resolve("daemon.log");
        Lab.write(desired, stack, StackFixtures.app(stack, "sha-1a2b3c4", appPort));
        Lab.write(desired, escaped, StackFixtures.app(escaped, "sha-1a2b3c4", Lab.freePort()).replace("hello", "\u001b[2J\u0007hello"));
        Path secret = Files.writeString(root.resolve("shadow"), "root:$6$plantedSaltQq$notarealhash:19000:0:99999:7:::\n");
        Files.createSymbolicLink(desired.resolve(linked + ".yaml"), secret);
        Files.writeString(desired.resolve("x\n2031-01-01 00:00:00 ERROR forged line.yaml"), "kind: Stack\n");
        // what the traversals below would read if a URL's name reached a path: a status and an events line
        Files.writeString(planted.resolve("x.yaml"), "stack: planted\nphase: Ready\nmessage: planted-status-content\n");
        Files.writeString(planted.resolve("x.jsonl"), "{\"stack\":\"planted\",\"message\":\"planted-event-content\"}\n");
        daemon = new Stackctl(desired, state)
                .with("QUARKUS_HTTP_PORT", String.valueOf(apiPort))
                .with("OPERATOR_POLL_INTERVAL", "2s")
                .start(log, "run");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .untilAsserted(() -> assertEquals(200, get("/q/health/ready").statusCode()));
        token = Files.readString(state.resolve("api-token")).strip();
    }

    @AfterAll
    void stop() throws InterruptedException {
        daemon.destroy();
        daemon.waitFor();
        Lab.cleanUp(stack, linked, escaped);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String bearer, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The URL path segment that, joined to any state-dir folder, would name {@code planted/x}. */
    private String traversal() {
        return "..%2F".repeat(20) + planted.toAbsolutePath().toString().substring(1).replace("/", "%2F") + "%2Fx";
    }

    private List<String> hostileNames() {
        return List.of(traversal(), "..%2F..%2F..%2Fetc%2Fpasswd", "x%00", "%2e%2e", "..%252F..%252Fx", "_all", "UPPER",
                "a%0Ab", "x".repeat(64));
    }

    private Set<String> plantedFiles() throws IOException {
        try (Stream<Path> files = Files.list(planted)) {
            return Set.copyOf(files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void hostileFilesBlockTheirOwnStacksWhileTheDaemonStaysReady() throws Exception {
        assertEquals("200 sha-1a2b3c4", Lab.get(appPort, "/version"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String linkStatus = get("/api/stacks/" + linked).body();
            assertTrue(linkStatus.contains("\"phase\":\"Blocked\"") && linkStatus.contains("is a symbolic link"), linkStatus);
        });
        String all = get("/api/stacks").body();
        assertFalse(all.contains("plantedSaltQq"), all);
        String escapedStatus = get("/api/stacks/" + escaped).body();
        assertTrue(escapedStatus.contains("\"phase\":\"Blocked\"") && escapedStatus.contains("control character U+001B (ESCAPE)"),
                escapedStatus);
        assertEquals(200, get("/q/health/ready").statusCode(), "hostile files do not take readiness down");

        String output = Files.readString(log);
        assertFalse(output.lines().anyMatch(l -> l.startsWith("2031-01-01")), "no forged line in the log:\n" + output);
        assertTrue(output.contains("x\\n2031-01-01 00:00:00 ERROR forged line.yaml:1:1: the file name does not make a stack name"),
                output);
        assertFalse(output.contains("\u001b") || output.contains("\u0007"), "no control character reaches the log");
        assertFalse(output.contains("pass failed"), output);
    }

    @Test
    void aNameThatBreaksTheRuleReadsNothingWithOrWithoutTheToken() throws Exception {
        Set<String> before = plantedFiles();
        for (String name : hostileNames()) {
            for (String suffix : List.of("", "/history", "/events")) {
                HttpResponse<String> response = get("/api/stacks/" + name + suffix);
                assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, name + suffix + ": " + response.statusCode());
                assertFalse(response.body().contains("planted-"), name + suffix + ": " + response.body());
            }
        }
        assertEquals(before, plantedFiles());
    }

    @Test
    void aNameThatBreaksTheRuleChangesNothingWithOrWithoutTheToken() throws Exception {
        Files.writeString(planted.resolve("x"), "a file that a resume through a traversal would delete\n");
        Set<String> before = plantedFiles();
        List<String> answers = new ArrayList<>();
        for (String name : hostileNames()) {
            for (String action : List.of("pause", "resume", "retry", "reconcile")) {
                String body = action.equals("pause") ? "{\"reason\": \"traversal\"}" : "";
                HttpResponse<String> anonymous = post("/api/stacks/" + name + "/" + action, null, body);
                // the server folds an encoded ".." into the path itself, so that request reaches no stack endpoint
                int expected = name.equals("%2e%2e") ? 404 : 401;
                assertEquals(expected, anonymous.statusCode(), name + "/" + action + " without the token: " + anonymous.body());
                HttpResponse<String> withToken = post("/api/stacks/" + name + "/" + action, token, body);
                assertTrue(withToken.statusCode() == 404 || withToken.statusCode() == 400,
                        name + "/" + action + " with the token: " + withToken.statusCode() + " " + withToken.body());
                answers.add(withToken.body());
            }
        }
        assertEquals(before, plantedFiles(), "no file was created or removed outside the state dir");
        try (Stream<Path> pauses = Files.list(state.resolve("pause"))) { // the daemon watches the folder from its start
            assertEquals(List.of(), pauses.toList(), "nothing was paused, not even the whole host");
        }
        assertTrue(answers.stream().anyMatch(b -> b.contains("a stack name is lowercase letters, digits and '-'")), answers::toString);
        assertEquals(200, get("/api/stacks/" + stack).statusCode());
    }
}
