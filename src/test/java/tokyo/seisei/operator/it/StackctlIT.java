package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.it.StackFixtures.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.store.StackLocks;
import tokyo.seisei.operator.store.StateLayout;

/** The command line as people use it: the packaged application, its output and its exit codes. */
class StackctlIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final Path desired = lab.desiredStateDir();
    final Path state = lab.stateDir();
    final Stackctl stackctl = lab.stackctl();
    final String stack = lab.stack("cli");
    final int port = Lab.freePort();

    @Test
    void reconcileStatusAndPlan() {
        Lab.write(desired, stack, app(stack, "sha-1a2b3c4", port));

        Lab.Result plan = stackctl.run("plan", stack);
        assertEquals(0, plan.exitCode(), plan.errors());
        assertTrue(plan.output().matches("(?s).*\\n  web\\s+create\\s+no container.*"), plan.output());
        assertEquals("", Lab.docker("ps", "-aq", "--filter", "label=tokyo.seisei.operator.stack=" + stack), "plan changes nothing");

        Lab.Result reconcile = stackctl.run("reconcile", stack);
        assertEquals(0, reconcile.exitCode(), reconcile.errors());
        assertEquals(stack + " Ready", reconcile.output().strip());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));

        Lab.Result status = stackctl.run("status");
        assertEquals(0, status.exitCode(), status.errors());
        assertTrue(status.output().lines().anyMatch(l -> l.matches(stack + "\\s+staging\\s+Ready\\s+sha-1a2b3c4\\s+sha-1a2b3c4\\s+sha-1a2b3c4\\s+\\d+s\\s+running sha-1a2b3c4")),
                status.output());
        Lab.Result several = stackctl.run("status", stack, stack + "-never", stack + "-nor");
        assertEquals(2, several.exitCode(), several.output());
        assertEquals("", several.output(), "nothing is shown when a stack named is unknown");
        for (String unknown : List.of(stack + "-never", stack + "-nor")) {
            assertTrue(several.errors().contains("error: no status for stack " + unknown
                    + "; it has not been reconciled yet (stackctl reconcile " + unknown + ")"), several.errors());
        }

        Lab.write(desired, stack, app(stack, "sha-2b3c4d5", port));
        Lab.Result planned = stackctl.run("plan");
        assertTrue(planned.output().contains("recreate  image localhost:5000/lab/app:sha-1a2b3c4 -> localhost:5000/lab/app:sha-2b3c4d5"),
                planned.output());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"), "plan changes nothing");
    }

    @Test
    void validateReportsEachProblemWithItsPosition() {
        Lab.write(desired, stack, app(stack, "sha-1a2b3c4", port).replace("ports:", "prots:"));
        Lab.Result result = stackctl.run("validate");
        assertEquals(1, result.exitCode());
        Path file = desired.resolve(stack + ".yaml");
        assertTrue(result.output().contains(file + ":11:7: unknown field 'prots' in spec.services.web; did you mean 'ports'?"),
                result.output());

        Lab.write(desired, stack, app(stack, "sha-1a2b3c4", port));
        Lab.Result valid = stackctl.run("validate", file.toString());
        assertEquals(0, valid.exitCode(), valid.output());
        assertTrue(valid.output().contains("1 file(s) checked: 1 valid, 0 invalid"), valid.output());
    }

    @Test
    void exitCodesTellSettledFromNotSettledFromUsage() {
        Lab.write(desired, stack, app(stack, "sha-1a2b3c4", port).replace("version: sha-1a2b3c4\n", ""));
        Lab.Result blocked = stackctl.run("reconcile");
        assertEquals(1, blocked.exitCode(), blocked.output() + blocked.errors());
        assertEquals(stack + " Blocked", blocked.output().strip());

        Lab.Result unknown = stackctl.run("reconcile", "no-such-stack");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.errors().contains("no stack named no-such-stack; known stacks: " + stack), unknown.errors());

        Lab.Result badConfig = stackctl.with("OPERATOR_POLL_INTERVAL", "soon").run("status");
        assertEquals(2, badConfig.exitCode());
        assertTrue(badConfig.errors().contains("operator.poll-interval"), badConfig.errors());
    }

    @Test
    void engineDownChangesNothingAndSaysSo() {
        Lab.write(desired, stack, app(stack, "sha-1a2b3c4", port));
        Lab.Result result = stackctl.with("DOCKER_HOST", "unix://" + lab.root().resolve("no-docker.sock")).run("reconcile");
        assertEquals(1, result.exitCode());
        assertTrue(result.errors().contains("is not reachable") && result.errors().contains("nothing was changed"), result.errors());
        assertFalse(Files.exists(state.resolve("status").resolve(stack + ".yaml")));
        assertFalse(Files.exists(state.resolve("deploy-history.log")));
    }

    @Test
    void daemonConvergesAndFollowsAChangedFile() {
        Lab.write(desired, stack, app(stack, "sha-1a2b3c4", port));
        LabExtension.Running daemon = lab.daemon(stackctl.with("OPERATOR_POLL_INTERVAL", "1h"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version")));
        // the poll interval is an hour: only the file watch can bring this change in time
        Lab.write(desired, stack, app(stack, "sha-2b3c4d5", port));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals("200 sha-2b3c4d5", Lab.get(port, "/version")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(
                Files.readString(state.resolve("status").resolve(stack + ".yaml")).contains("currentVersion: sha-2b3c4d5")));
        daemon.stop();
        String log = daemon.log();
        assertTrue(log.contains(stack + ": Progressing -> Ready"), log);
    }

    @Test
    void reconcileWaitsForTheStacksLockThenWorksOnTheContainersAsTheyAreThen() throws Exception {
        OperatorUnderTest operator = lab.operator();
        operator.write(stack, app(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));

        Path lockFile = state.resolve("locks").resolve(stack + ".lock");
        LabExtension.Running reconcile;
        // another process (this test) holds the stack's lock, as the daemon does while it deploys
        try (StackLocks.Held held = new StackLocks(new StateLayout(state)).lock(stack)) {
            reconcile = lab.start(stackctl, "reconcile", stack);
            await().atMost(Duration.ofSeconds(60)).until(() -> waitsForLock(reconcile.process().pid(), lockFile));
            // meanwhile the stack changes: its container is stopped
            Lab.docker("stop", "-t", "1", stack + "-web");
            assertTrue(reconcile.process().isAlive(), "stackctl reconcile waits while the stack is locked");
        }
        assertTrue(reconcile.process().waitFor(2, TimeUnit.MINUTES));
        String output = reconcile.log();
        assertEquals(0, reconcile.process().exitValue(), output);
        assertTrue(output.lines().anyMatch((stack + " Ready")::equals), output);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version")));
        List<String> history = operator.historyOf(stack);
        assertTrue(history.get(history.size() - 1).endsWith(" | heal | sha-1a2b3c4 | success | start web (container is exited)"),
                "the container was looked at again after the wait: " + history);
    }

    /** Whether the process waits for a lock on the file: the kernel lists it in /proc/locks with "->". */
    private static boolean waitsForLock(long pid, Path file) throws IOException {
        long inode = (Long) Files.getAttribute(file, "unix:ino");
        return Files.readAllLines(Path.of("/proc/locks")).stream()
                .anyMatch(l -> l.contains(" -> ") && l.matches(".* " + pid + " [0-9a-f]+:[0-9a-f]+:" + inode + " .*"));
    }
}
