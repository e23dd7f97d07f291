package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.it.StackFixtures.app;
import static tokyo.seisei.operator.it.StackFixtures.smokeOnHealth;
import static tokyo.seisei.operator.it.StackFixtures.webAndWorker;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;

/** Read, compare, converge, against the lab's real engine. */
class ConvergeIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final OperatorUnderTest operator = lab.operator();
    final String stack = lab.stack("web");
    final String other = lab.stack("other");
    final int port = Lab.freePort();
    final int otherPort = Lab.freePort();

    private void awaitServing(int port, String version) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("200 " + version, Lab.get(port, "/version")));
    }

    @Test
    void firstDeployThenNoOpThenUpgrade() throws IOException {
        operator.write(stack, app(stack, "sha-1a2b3c4", port));

        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        awaitServing(port, "sha-1a2b3c4");
        StackStatus status = operator.status(stack);
        assertEquals("sha-1a2b3c4", status.currentVersion());
        assertEquals("sha-1a2b3c4", status.desiredVersion());
        assertTrue(status.observedRevision().startsWith("sha256:"));
        assertEquals("True", status.conditions().get(0).status());
        assertEquals(stack + "-web", status.services().get(0).container());
        assertTrue(status.services().get(0).imageDigest().startsWith("sha256:"), status.services().toString());
        String firstId = operator.containerId(stack + "-web").orElseThrow();

        Map<String, String> labels = operator.labels(stack + "-web");
        assertEquals(stack, labels.get("com.docker.compose.project"));
        assertEquals("web", labels.get("com.docker.compose.service"));
        assertEquals("False", labels.get("com.docker.compose.oneoff"));
        assertEquals("1", labels.get("com.docker.compose.container-number"));
        assertEquals(64, labels.get("com.docker.compose.config-hash").length());
        assertEquals("sha-1a2b3c4", labels.get("tokyo.seisei.operator.version"));
        assertTrue(Lab.docker("network", "ls", "--format", "{{.Name}}").lines().anyMatch((stack + "_default")::equals));

        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        assertEquals(firstId, operator.containerId(stack + "-web").orElseThrow(), "a no-op pass keeps the container");

        operator.write(stack, app(stack, "sha-2b3c4d5", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        awaitServing(port, "sha-2b3c4d5");
        assertNotEquals(firstId, operator.containerId(stack + "-web").orElseThrow());
        assertEquals("sha-2b3c4d5", operator.status(stack).currentVersion());
        String kept = Lab.docker("ps", "-a", "--filter", "label=tokyo.seisei.operator.stack=" + stack, "--filter", "status=exited",
                "--format", "{{.Names}} {{.Label \"tokyo.seisei.operator.version\"}}");
        assertTrue(kept.matches(stack + "-web-previous-\\d{14} sha-1a2b3c4"), "the replaced container is kept, stopped: " + kept);
        assertTrue(List.of("", "no").contains(Lab.docker("inspect", "--format", "{{.HostConfig.RestartPolicy.Name}}", kept.split(" ")[0])),
                "a kept container does not come back when the daemon restarts");
        assertEquals("unless-stopped", Lab.docker("inspect", "--format", "{{.HostConfig.RestartPolicy.Name}}", stack + "-web"));

        operator.write(stack, app(stack, "sha-3c4d5e6", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        awaitServing(port, "sha-3c4d5e6");
        String keptNow = Lab.docker("ps", "-a", "--filter", "label=tokyo.seisei.operator.stack=" + stack, "--filter", "status=exited",
                "--format", "{{.Label \"tokyo.seisei.operator.version\"}}");
        assertEquals("sha-2b3c4d5", keptNow, "operator.keep-previous=1 keeps the newest previous container only");

        List<String> history = operator.historyOf(stack);
        assertEquals(3, history.size(), history::toString);
        assertTrue(history.get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\| " + stack
                + " \\| staging \\| deploy \\| sha-1a2b3c4 \\| success \\|"), history.get(0));
        assertTrue(history.get(1).endsWith(" | " + stack + " | staging | deploy | sha-2b3c4d5 | success |"), history.get(1));
        List<String> events = operator.events(stack);
        assertTrue(events.stream().anyMatch(e -> e.contains("\"to\":\"Progressing\"")), events::toString);
        assertTrue(events.stream().anyMatch(e -> e.contains("\"from\":\"Progressing\",\"to\":\"Ready\"")), events::toString);
        assertTrue(events.stream().anyMatch(e -> e.contains("\"from\":\"Pull\"")), events::toString);
    }

    @Test
    void containerStoppedOrRemovedByHandIsBroughtBack() throws IOException {
        operator.write(stack, app(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        awaitServing(port, "sha-1a2b3c4");

        Lab.docker("stop", "-t", "1", stack + "-web");
        assertEquals("down", Lab.get(port, "/version"));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        awaitServing(port, "sha-1a2b3c4");

        Lab.docker("rm", "-f", stack + "-web");
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        awaitServing(port, "sha-1a2b3c4");

        List<String> history = operator.historyOf(stack);
        assertEquals(3, history.size(), history::toString);
        assertTrue(history.get(1).contains(" | heal | sha-1a2b3c4 | success | start web (container is exited)"), history.get(1));
        assertTrue(history.get(2).contains(" | heal | sha-1a2b3c4 | success | create web (no container)"), history.get(2));
    }

    @Test
    void blockedStackDoesNotHoldBackTheOthersAndIsRecordedOnce() throws IOException {
        operator.write(stack, app(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        String runningId = operator.containerId(stack + "-web").orElseThrow();

        operator.write(stack, app(stack, "sha-2b3c4d5", port).replace("    web:\n      image", "    web:\n      imagee"));
        operator.write(other, app(other, "sha-1a2b3c4", otherPort));
        var result = operator.reconcile();
        assertEquals(Phase.Blocked, result.phases().get(stack));
        assertEquals(Phase.Ready, result.phases().get(other));
        assertEquals(false, result.allSettled());
        awaitServing(otherPort, "sha-1a2b3c4");
        assertEquals(runningId, operator.containerId(stack + "-web").orElseThrow(), "nothing that runs is touched");
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));

        StackStatus status = operator.status(stack);
        assertEquals(Phase.Blocked, status.phase());
        assertEquals("InvalidSpec", status.conditions().get(0).reason());
        assertTrue(status.message().contains("unknown field 'imagee' in spec.services.web; did you mean 'image'?"), status.message());
        assertEquals("sha-1a2b3c4", status.currentVersion());

        operator.reconcile();
        List<String> blocked = operator.historyOf(stack).stream().filter(l -> l.contains("| blocked |")).toList();
        assertEquals(1, blocked.size(), "one blocked line per desired revision, not per pass: " + blocked);
        assertTrue(blocked.get(0).contains(" | deploy | sha-2b3c4d5 | blocked | "), blocked.get(0));
    }

    @Test
    void missingTagReplacesNothing() throws IOException {
        operator.write(stack, app(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        String runningId = operator.containerId(stack + "-web").orElseThrow();

        operator.write(stack, app(stack, "sha-doesnotexist", port));
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        assertEquals(runningId, operator.containerId(stack + "-web").orElseThrow());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
        StackStatus status = operator.status(stack);
        assertEquals("PullFailed", status.conditions().get(0).reason());
        assertEquals("sha-1a2b3c4", status.currentVersion());

        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        List<String> failed = operator.historyOf(stack).stream().filter(l -> l.contains("| fail |")).toList();
        assertEquals(1, failed.size(), "a failed revision is not retried on its own: " + failed);
        assertTrue(failed.get(0).contains(" | deploy | sha-doesnotexist | fail | pull localhost:5000/lab/app:sha-doesnotexist failed"),
                failed.get(0));
    }

    @Test
    void noOpPassCostsOneEngineRequestWhateverTheNumberOfStacks() {
        operator.write(stack, app(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        long before = operator.docker.requestCount();
        operator.reconcile(stack);
        long oneStack = operator.docker.requestCount() - before;

        operator.write(other, app(other, "sha-1a2b3c4", otherPort));
        assertEquals(Phase.Ready, operator.reconcileOne(other));
        before = operator.docker.requestCount();
        assertTrue(operator.reconcile(stack, other).allSettled());
        long twoStacks = operator.docker.requestCount() - before;

        assertEquals(1, oneStack, "a no-op pass over one stack");
        assertEquals(1, twoStacks, "a no-op pass over two stacks");
    }

    @Test
    void anUnreachableRegistryIsRetriedWithBackoffInTheStatusNotInTheHistory() throws IOException {
        int closedPort = Lab.freePort();
        operator.write(stack, app(stack, "sha-1a2b3c4", port)
                .replace("localhost:5000/lab/app", "127.0.0.1:" + closedPort + "/lab/app"));

        assertEquals(Phase.Progressing, operator.reconcileOne(stack));
        StackStatus first = operator.status(stack);
        assertEquals(1, first.retry().attempts());
        assertTrue(first.message().startsWith("will retry in 2s (attempt 1): pull 127.0.0.1:" + closedPort), first.message());
        assertEquals(Phase.Progressing, operator.reconcileOne(stack));
        assertEquals(1, operator.status(stack).retry().attempts(), "no attempt before the backoff runs out");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            operator.reconcileOne(stack);
            assertEquals(2, operator.status(stack).retry().attempts());
        });
        assertTrue(operator.status(stack).message().startsWith("will retry in 4s (attempt 2)"), operator.status(stack).message());
        assertEquals(List.of(), operator.historyOf(stack), "retries are not history");
        assertEquals(null, operator.status(stack).failedVersion(), "a transient failure does not latch the version");
    }

    @Test
    void dataInAnAnonymousVolumeSurvivesUpgradesAsWithCompose() {
        String withVolume = app(stack, "sha-1a2b3c4", port)
                .replace("      restart: unless-stopped\n", "      restart: unless-stopped\n      volumes: [\"/data\"]\n");
        operator.write(stack, withVolume);
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        Lab.docker("exec", stack + "-web", "sh", "-c", "echo kept > /data/file");

        operator.write(stack, withVolume.replace("version: sha-1a2b3c4", "version: sha-2b3c4d5"));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        assertEquals("kept", Lab.docker("exec", stack + "-web", "cat", "/data/file"), "the new container took the volume over");

        operator.write(stack, withVolume.replace("version: sha-1a2b3c4", "version: sha-3c4d5e6"));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        assertEquals("kept", Lab.docker("exec", stack + "-web", "cat", "/data/file"),
                "removing a kept container leaves the volume the running one uses");
    }

    @Test
    void aStackWhoseFileIsGoneIsReportedOrphanedAndLeftRunning() throws IOException {
        operator.write(stack, app(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        operator.write(stack, app(stack, "sha-2b3c4d5", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        String runningId = operator.containerId(stack + "-web").orElseThrow();
        String containers = Lab.docker("ps", "-aq", "--no-trunc", "--filter", "label=tokyo.seisei.operator.stack=" + stack);
        List<String> history = operator.historyOf(stack);

        operator.remove(stack);
        var result = operator.reconcile(stack);
        operator.reconcile(stack);

        assertEquals(Map.of(), result.phases(), "a stack without a file is not converged");
        assertEquals(containers, Lab.docker("ps", "-aq", "--no-trunc", "--filter", "label=tokyo.seisei.operator.stack=" + stack),
                "nothing is deleted, the kept previous container neither");
        assertEquals(runningId, operator.containerId(stack + "-web").orElseThrow());
        awaitServing(port, "sha-2b3c4d5");
        StackStatus status = operator.status(stack);
        String message = "desired-state file " + stack + ".yaml is gone; its 2 container(s) are left running, nothing is deleted";
        assertEquals(Phase.Ready, status.phase(), "the phase it had");
        assertEquals(message, status.message());
        assertEquals("Orphaned", status.conditions().get(0).reason());
        assertTrue(status.conditions().stream().anyMatch(c -> c.type().equals("Orphaned") && c.status().equals("True")
                && c.message().equals(message)), status.conditions().toString());
        assertEquals(history, operator.historyOf(stack), "an orphaned stack writes no history");
    }

    @Test
    void aServiceNoLongerDeclaredIsLeftRunningOrWithPruneRemovedOnlyOnceTheSmokePassed() throws IOException {
        operator.write(stack, webAndWorker(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        String workerId = operator.containerId(stack + "-worker").orElseThrow();

        // without prune: left running, and reported
        operator.write(stack, app(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        assertEquals("running", Lab.docker("inspect", "--format", "{{.State.Status}}", workerId));
        assertTrue(operator.status(stack).conditions().stream().anyMatch(c -> c.type().equals("UndeclaredServices")
                && c.message().equals("containers of services no longer declared are left running: " + stack + "-worker"
                + " (spec.prune: true removes them)")), operator.status(stack).conditions().toString());

        // with prune, in a deploy whose smoke fails: rolled back, and the container stays
        operator.write(stack, app(stack, "sha-nohealth", port) + "  prune: true\n" + smokeOnHealth(port, "3s"));
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
        assertEquals("running", Lab.docker("inspect", "--format", "{{.State.Status}}", workerId),
                "a change that is rolled back prunes nothing");

        // with prune, once the smoke passed: removed
        operator.write(stack, app(stack, "sha-1a2b3c4", port) + "  prune: true\n" + smokeOnHealth(port, "30s"));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        assertEquals("", Lab.docker("ps", "-aq", "--filter", "label=tokyo.seisei.operator.stack=" + stack,
                "--filter", "label=tokyo.seisei.operator.service=worker"), "the worker's container is gone");
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
        assertTrue(operator.status(stack).conditions().stream().noneMatch(c -> c.type().equals("UndeclaredServices")),
                operator.status(stack).conditions().toString());
        List<String> events = operator.events(stack);
        assertTrue(events.get(events.size() - 2).contains("\"from\":\"Smoke\",\"to\":\"SmokeDone\""), events.toString());
    }
}
