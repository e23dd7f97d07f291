package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.it.StackFixtures.inRepository;
import static tokyo.seisei.operator.it.StackFixtures.smokedApp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;

/** Verify or roll back: a version that fails its smoke gives way to the previous one, and is not tried again. */
class RollbackIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final OperatorUnderTest operator = lab.operator();
    final String stack = lab.stack("rb");
    final int port = Lab.freePort();
    /** The stack's own repository, holding lab images at their lab tags: the engine's pulls of it are this test's. */
    final String repository = "localhost:5000/" + stack + "/app";

    String smokedStack(String version, String timeout) {
        return smokedApp(stack, version, port, timeout);
    }

    private Path verifiedFile() {
        return operator.stateDir.resolve("releases").resolve("verified").resolve(stack + ".txt");
    }

    @Test
    void aHealthyUpgradeIsVerified() throws IOException {
        operator.write(stack, smokedStack("sha-1a2b3c4", "30s"));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        assertEquals("sha-1a2b3c4\n", Files.readString(verifiedFile()));

        operator.write(stack, smokedStack("sha-2b3c4d5", "30s"));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        assertEquals("200 sha-2b3c4d5", Lab.get(port, "/version"));
        assertEquals("sha-2b3c4d5\n", Files.readString(verifiedFile()));
        assertTrue(operator.events(stack).stream().anyMatch(e -> e.contains("\"from\":\"Smoke\",\"to\":\"SmokeDone\"")));
        assertEquals(" | deploy | sha-2b3c4d5 | success |", last(operator.historyOf(stack)));
    }

    @Test
    void aVersionWithoutHealthRollsBackWithoutAPullAndIsNotRetried() throws Exception {
        Lab.publish("sha-1a2b3c4", repository + ":sha-1a2b3c4");
        Lab.publish("sha-nohealth", repository + ":sha-nohealth");
        Instant firstDeploy = Instant.now();
        operator.write(stack, inRepository(smokedStack("sha-1a2b3c4", "30s"), repository));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        String previousId = operator.containerId(stack + "-web").orElseThrow();
        assertEquals(List.of(repository + ":sha-1a2b3c4"), Lab.pulls(repository, firstDeploy, Instant.now()),
                "a deploy pulls its image, and the engine's events show it");

        operator.write(stack, inRepository(smokedStack("sha-nohealth", "4s"), repository));
        Instant upgrade = Instant.now();
        Watch watch = new Watch(port, "sha-nohealth", "sha-1a2b3c4");
        Phase phase;
        try {
            phase = operator.reconcileOne(stack);
        } finally {
            watch.stop();
        }
        assertEquals(List.of(repository + ":sha-nohealth"), Lab.pulls(repository, upgrade, Instant.now()),
                "the failed version was pulled; the previous one was put back without a pull");
        assertEquals(Phase.Degraded, phase);
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"), "the previous version serves again");
        assertEquals(previousId, operator.containerId(stack + "-web").orElseThrow(), "the kept container, not a new one");

        Instant smokeFailed = eventTime("\"from\":\"Smoke\",\"to\":\"FAILED\"");
        System.out.printf("rollback: the previous version served again %d ms after the failed smoke%n",
                Duration.between(smokeFailed, watch.backAt.get()).toMillis());
        JsonNode smoke = event("\"from\":\"Smoke\",\"to\":\"FAILED\"");
        assertTrue(smoke.path("durationMs").asLong() < 4000 + 5000, "the smoke deadline is honoured: " + smoke);

        StackStatus status = operator.status(stack);
        assertEquals("SmokeFailed", status.conditions().get(0).reason());
        assertEquals("sha-nohealth", status.failedVersion());
        assertEquals("sha-1a2b3c4", status.currentVersion());
        assertEquals("sha-1a2b3c4\n", Files.readString(verifiedFile()));
        List<String> history = operator.historyOf(stack);
        assertTrue(history.get(history.size() - 2).contains(" | deploy | sha-nohealth | fail | smoke failed: not passed within 4s"),
                history.get(history.size() - 2));
        assertTrue(last(history).endsWith(" | rollback | sha-1a2b3c4 | success | from sha-nohealth"), last(history));

        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        assertEquals(history, operator.historyOf(stack), "a failed version is not deployed again on its own");
        assertEquals(previousId, operator.containerId(stack + "-web").orElseThrow());

        Lab.docker("stop", "-t", "1", stack + "-web");
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version")));
        assertTrue(last(operator.historyOf(stack)).endsWith(" | heal | sha-1a2b3c4 | success | start web"),
                "the version rolled back to is kept running while the failed one stays latched");
        assertEquals(previousId, operator.containerId(stack + "-web").orElseThrow());
    }

    @Test
    void aVersionThatTurnsUnhealthyFailsLongBeforeItsSmokeTimeoutAndLeavesItsLogs() throws IOException {
        operator.write(stack, withHealthcheck(smokedStack("sha-1a2b3c4", "60s")));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));

        operator.write(stack, withHealthcheck(smokedStack("sha-unhealthy", "60s")));
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));

        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"), "the previous version serves again");
        JsonNode smoke = event("\"from\":\"Smoke\",\"to\":\"FAILED\"");
        assertTrue(smoke.path("durationMs").asLong() < 60_000, "the smoke did not wait for its 60s timeout: " + smoke);
        String why = smoke.path("message").asText();
        assertTrue(why.startsWith("smoke failed after ") && why.contains("web: health is unhealthy: ") && why.contains("404"),
                "the smoke quotes what the healthcheck said: " + why);
        StackStatus status = operator.status(stack);
        assertEquals("sha-unhealthy", status.failedVersion());
        assertEquals("sha-1a2b3c4", status.currentVersion());
        assertTrue(status.message().startsWith(why + "; rolled back to sha-1a2b3c4; last log line of web: \"lab app"
                + " sha-unhealthy, mode unhealthy, port 8080\""), status.message());
        List<String> history = operator.historyOf(stack);
        assertTrue(history.get(history.size() - 2).contains(" | deploy | sha-unhealthy | fail | " + why), history.toString());
        assertTrue(last(history).endsWith(" | rollback | sha-1a2b3c4 | success | from sha-unhealthy"), last(history));

        Path saved = operator.stateDir.resolve("failed").resolve(stack).resolve("web.log");
        assertTrue(Files.readString(saved).contains("lab app sha-unhealthy, mode unhealthy, port 8080"));
        assertTrue(event("\"from\":\"Evidence\"").path("message").asText().startsWith("web (" + stack + "-web): health"
                + " unhealthy, its healthcheck said "), "the events say what was kept");
        Lab.Result printed = lab.stackctl().run("logs", stack, "--failed");
        assertEquals(0, printed.exitCode(), printed.errors());
        assertEquals("lab app sha-unhealthy, mode unhealthy, port 8080", printed.output().strip());
    }

    /** The lab app's healthcheck, a probe every second: unhealthy after two failures. */
    private static String withHealthcheck(String yaml) {
        return yaml.replace("      restart: unless-stopped\n", "      restart: unless-stopped\n" + """
                      healthcheck:
                        test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"]
                        interval: 1s
                        retries: 2
                """);
    }

    @Test
    void aContainerThatExitsAfterStartRollsBack() throws IOException {
        operator.write(stack, smokedStack("sha-1a2b3c4", "30s"));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));

        // it answers, then exits after a second: within the time the containers must stay up once the checks passed
        operator.write(stack, smokedStack("sha-crash", "30s").replace("restart: unless-stopped", "restart: \"no\"")
                .replace("GREETING: hello", "CRASH_SECONDS: \"1\""));
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
        String failed = operator.historyOf(stack).get(1);
        assertTrue(failed.contains(" | deploy | sha-crash | fail | smoke failed after ") && failed.contains("web: container exited"),
                failed);
        assertTrue(last(operator.historyOf(stack)).endsWith(" | rollback | sha-1a2b3c4 | success | from sha-crash"));
    }

    @Test
    void aRollbackThatFailsLeavesTheStackFailedAndAlone() throws IOException {
        operator.write(stack, smokedStack("sha-1a2b3c4", "30s"));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        // the previous version no longer passes its own smoke: its desired state now checks a port nothing serves
        Path applied = operator.stateDir.resolve("applied").resolve(stack + ".yaml");
        Files.writeString(applied, Files.readString(applied).replace("127.0.0.1:" + port + "/health", "127.0.0.1:" + Lab.freePort() + "/health")
                .replace("timeout: 30s", "timeout: 3s"));

        operator.write(stack, smokedStack("sha-nohealth", "3s"));
        assertEquals(Phase.Failed, operator.reconcileOne(stack));
        StackStatus status = operator.status(stack);
        assertEquals("RollbackFailed", status.conditions().get(0).reason());
        assertTrue(status.message().contains("nothing more is changed until a person acts"), status.message());
        String rollback = last(operator.historyOf(stack));
        assertTrue(rollback.contains(" | rollback | sha-1a2b3c4 | fail | the previous version does not pass its smoke either"), rollback);

        List<String> history = operator.historyOf(stack);
        Lab.docker("stop", "-t", "1", stack + "-web");
        assertEquals(Phase.Failed, operator.reconcileOne(stack));
        assertEquals("exited", Lab.docker("inspect", "--format", "{{.State.Status}}", stack + "-web"),
                "a Failed stack is left alone, even its drift");
        assertEquals(history, operator.historyOf(stack));
    }

    /** The last history line from its action on: " | deploy | v | success |". */
    private static String last(List<String> lines) {
        String line = lines.get(lines.size() - 1);
        String[] fields = line.split(" \\| ", 4);
        return " | " + fields[3];
    }

    private JsonNode event(String marker) throws IOException {
        String line = operator.events(stack).stream().filter(e -> e.contains(marker)).reduce((a, b) -> b).orElseThrow();
        return JSON.readTree(line);
    }

    private Instant eventTime(String marker) throws IOException {
        return Instant.parse(event(marker).path("time").asText());
    }

    /** Polls /version while a pass runs, and notes when the old version answers again after the new one did. */
    static final class Watch {
        final AtomicReference<Instant> backAt = new AtomicReference<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Watch(int port, String failing, String previous) {
            thread = new Thread(() -> {
                boolean sawFailing = false;
                while (running.get() && backAt.get() == null) {
                    String answer = Lab.get(port, "/version");
                    sawFailing |= answer.equals("200 " + failing);
                    if (sawFailing && answer.equals("200 " + previous)) {
                        backAt.set(Instant.now());
                    }
                    Thread.onSpinWait();
                }
            });
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
