package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.source.GitUpstream.shortSha;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.source.GitUpstream;

/** The packaged daemon following a git repository, told of a push by the signed webhook. */
class GitHookIT {

    private static final String SECRET = "a webhook secret shared with the forge";

    @TempDir
    Path root;

    final String stack = Lab.uniqueStack("hook");
    final int appPort = Lab.freePort();
    final int apiPort = Lab.freePort();
    final HttpClient http = HttpClient.newHttpClient();
    GitUpstream upstream;
    Process daemon;
    Path state;
    String first;

    @BeforeEach
    void startDaemon() throws IOException {
        upstream = new GitUpstream(root.resolve("remote"));
        first = upstream.commit(stack, StackFixtures.app(stack, "sha-1a2b3c4", appPort), "Add the stack");
        state = Files.createDirectories(root.resolve("state"));
        Path secret = root.resolve("webhook-secret");
        Files.writeString(secret, SECRET + "\n");
        daemon = new Stackctl(root.resolve("no-such-folder"), state)
                .with("QUARKUS_HTTP_PORT", String.valueOf(apiPort))
                .with("OPERATOR_GIT_URL", upstream.url())
                .with("OPERATOR_GIT_WEBHOOK_SECRET_FILE", secret.toString())
                // an hour between fetches: within this test only the webhook brings a commit in
                .with("OPERATOR_GIT_POLL_INTERVAL", "1h")
                .with("OPERATOR_POLL_INTERVAL", "2s")
                .start(root.resolve("daemon.log"), "run");
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .untilAsserted(() -> assertEquals(200, get("/q/health/ready").statusCode()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals("200 sha-1a2b3c4", Lab.get(appPort, "/version")));
    }

    @AfterEach
    void stop() throws InterruptedException {
        daemon.destroy();
        daemon.waitFor();
        upstream.close();
        Lab.cleanUp(stack);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> push(String signature, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/hooks/git"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(String secret, String body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSignedPushIsFetchedAndDeployed() throws Exception {
        String ready = get("/q/health/ready").body();
        assertTrue(ready.contains("commit " + shortSha(first) + " of " + upstream.url()), ready);
        String status = get("/api/stacks/" + stack).body();
        assertTrue(status.contains("\"commit\":\"" + first + "\"") && status.contains("\"subject\":\"Add the stack\""), status);

        String next = upstream.commit(stack, StackFixtures.app(stack, "sha-2b3c4d5", appPort), "Move to sha-2b3c4d5");
        String body = "{\"ref\":\"refs/heads/main\",\"after\":\"" + next + "\"}";
        HttpResponse<String> accepted = push(sign(SECRET, body), body);

        assertEquals(202, accepted.statusCode(), accepted.body());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals("200 sha-2b3c4d5", Lab.get(appPort, "/version")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(
                get("/api/stacks/" + stack).body().contains("\"commit\":\"" + next + "\"")));
        assertTrue(get("/api/stacks/" + stack + "/history").body().contains("commit " + shortSha(next)));
    }

    @Test
    void aBadOrMissingSignatureIsRefusedAndChangesNothing() throws Exception {
        String next = upstream.commit(stack, StackFixtures.app(stack, "sha-2b3c4d5", appPort), "Move to sha-2b3c4d5");
        String body = "{\"ref\":\"refs/heads/main\",\"after\":\"" + next + "\"}";

        assertEquals(401, push(sign("not the secret", body), body).statusCode());
        assertEquals(401, push(sign(SECRET, body), body.replace("main", "mine")).statusCode(), "signed for another body");
        assertEquals(401, push(null, body).statusCode());
        assertEquals(401, push("sha256=", body).statusCode());

        // passes go on every 2 s; none of them may bring in the pushed commit, since nothing fetched it
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals("200 sha-1a2b3c4", Lab.get(appPort, "/version"));
            assertTrue(get("/q/health/ready").body().contains("commit " + shortSha(first)));
        });
        assertTrue(get("/api/stacks/" + stack).body().contains("\"commit\":\"" + first + "\""));
    }
}
