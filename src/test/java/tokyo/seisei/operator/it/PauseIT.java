package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.it.StackFixtures.app;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.model.Phase;

/** Pause, resume and retry, as people run them with stackctl beside the operator. */
class PauseIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final OperatorUnderTest operator = lab.operator();
    final Stackctl stackctl = lab.stackctl();
    final String stack = lab.stack("pause");
    final int port = Lab.freePort();

    @BeforeEach
    void deployed() {
        operator.write(stack, app(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
    }

    @Test
    void pauseHoldsAcrossAVersionChangeAndAHandStoppedContainerThenResumeDeploys() throws IOException {
        Lab.Result paused = stackctl.run("pause", stack, "--reason", "restoring the database by hand");
        assertEquals(0, paused.exitCode(), paused.errors());
        operator.write(stack, app(stack, "sha-2b3c4d5", port));
        Lab.docker("stop", "-t", "1", stack + "-web");

        assertEquals(Phase.Paused, operator.reconcileOne(stack));
        assertEquals("exited", Lab.docker("inspect", "--format", "{{.State.Status}}", stack + "-web"), "not even drift is healed");
        String message = operator.status(stack).message();
        assertTrue(message.matches("paused by \\S+ since \\S+: restoring the database by hand"), message);
        assertEquals("Suspended", operator.status(stack).conditions().get(0).reason());

        Lab.Result resumed = stackctl.run("resume", stack);
        assertEquals("resumed " + stack, resumed.output().strip());
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("200 sha-2b3c4d5", Lab.get(port, "/version")));
    }

    @Test
    void specPausedInGitHoldsTooAndAHostWidePauseHoldsEveryStack() {
        operator.write(stack, app(stack, "sha-2b3c4d5", port).replace("  version:", "  paused: true\n  version:"));
        assertEquals(Phase.Paused, operator.reconcileOne(stack));
        assertEquals("paused in git (spec.paused: true)", operator.status(stack).message());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));

        operator.write(stack, app(stack, "sha-2b3c4d5", port));
        assertEquals(0, stackctl.run("pause", "--all", "--reason", "incident 42").exitCode());
        assertEquals(Phase.Paused, operator.reconcileOne(stack));
        assertTrue(operator.status(stack).message().endsWith(": incident 42"));
        assertEquals(0, stackctl.run("resume", "--all").exitCode());
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
    }

    @Test
    void pauseNeedsAReasonAndAKnownStack() {
        Lab.Result noReason = stackctl.run("pause", stack);
        assertEquals(2, noReason.exitCode());
        assertTrue(noReason.errors().contains("Missing required option: '--reason=TEXT'"), noReason.errors());
        Lab.Result unknown = stackctl.run("pause", "no-such-stack", "--reason", "x");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.errors().contains("no stack named no-such-stack"), unknown.errors());
    }

    @Test
    void retryTriesAFailedVersionAgain() throws IOException {
        operator.write(stack, app(stack, "sha-doesnotexist", port));
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        assertEquals("sha-doesnotexist", operator.status(stack).failedVersion());
        assertEquals(1, failures());

        Lab.Result retry = stackctl.run("retry", stack);
        assertTrue(retry.output().contains("the next pass tries sha-doesnotexist again"), retry.output());
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        assertEquals(2, failures(), "the retry made one more attempt");

        Lab.Result history = stackctl.run("history", stack, "--failed", "-n", "1");
        List<String> lines = history.output().lines().toList();
        assertEquals(1, lines.size(), history.output());
        assertTrue(lines.get(0).contains(" | " + stack + " | staging | deploy | sha-doesnotexist | fail | "), lines.get(0));
    }

    @Test
    void aFailedVersionStaysLatchedAcrossAPauseAndResume() throws IOException {
        String runningId = operator.containerId(stack + "-web").orElseThrow();
        operator.write(stack, app(stack, "sha-doesnotexist", port));
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        assertEquals("sha-doesnotexist", operator.status(stack).failedVersion());
        assertEquals(1, failures());

        assertEquals(0, stackctl.run("pause", stack, "--reason", "looking at the registry").exitCode());
        assertEquals(Phase.Paused, operator.reconcileOne(stack));
        assertEquals(0, stackctl.run("resume", stack).exitCode());

        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        assertEquals(1, failures(), "the failed version is not tried again after the resume");
        assertEquals("sha-doesnotexist", operator.status(stack).failedVersion());
        assertEquals("VersionFailed", operator.status(stack).conditions().get(0).reason());
        assertEquals("version sha-doesnotexist failed; change the desired state or run stackctl retry " + stack,
                operator.status(stack).message());
        assertEquals(runningId, operator.containerId(stack + "-web").orElseThrow());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"), "the version that ran before keeps running");
        Lab.Result plan = stackctl.run("plan", stack);
        assertTrue(plan.output().contains("blocked: version sha-doesnotexist failed; change the desired state or run stackctl retry "
                + stack), plan.output());
    }

    @Test
    void aChangeOfTheDesiredStateDuringAPauseLiftsTheLatchAtTheResume() throws IOException {
        operator.write(stack, app(stack, "sha-doesnotexist", port));
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        assertEquals("sha-doesnotexist", operator.status(stack).failedVersion());

        assertEquals(0, stackctl.run("pause", stack, "--reason", "fixing the version by hand").exitCode());
        operator.write(stack, app(stack, "sha-2b3c4d5", port));
        assertEquals(Phase.Paused, operator.reconcileOne(stack));
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"), "nothing is deployed while paused");
        assertEquals(0, stackctl.run("resume", stack).exitCode());

        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("200 sha-2b3c4d5", Lab.get(port, "/version")));
        assertEquals(null, operator.status(stack).failedVersion());
        List<String> history = operator.historyOf(stack);
        assertTrue(history.get(history.size() - 1).endsWith(" | " + stack + " | staging | deploy | sha-2b3c4d5 | success |"),
                history.get(history.size() - 1));
    }

    private long failures() throws IOException {
        return operator.historyOf(stack).stream().filter(l -> l.contains("| fail |")).count();
    }
}
