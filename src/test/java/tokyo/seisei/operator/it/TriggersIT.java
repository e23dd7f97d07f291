package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/**
 * The daemon acts on what happens at once, with a poll interval of five minutes: a container that dies is seen
 * through the engine's events, and pause, resume and retry through the commands' requests.
 */
class TriggersIT {

    @TempDir
    Path root;

    final String stack = Lab.uniqueStack("trig");
    final int port = Lab.freePort();
    Path desired;
    Path state;
    Stackctl stackctl;
    Process daemon;
    StatusStore statuses;

    @BeforeEach
    void startDaemon() throws IOException {
        desired = Files.createDirectories(root.resolve("desired-state"));
        state = Files.createDirectories(root.resolve("state"));
        Lab.write(desired, stack, StackFixtures.app(stack, "sha-1a2b3c4", port));
        stackctl = new Stackctl(desired, state).with("OPERATOR_POLL_INTERVAL", "300s").with("OPERATOR_SMOKE_STABLE_FOR", "1s")
                .with("QUARKUS_HTTP_PORT", String.valueOf(Lab.freePort()));
        statuses = new StatusStore(new StateLayout(state));
        daemon = stackctl.start(root.resolve("daemon.log"), "run");
        await().atMost(Duration.ofSeconds(90)).until(() -> Lab.get(port, "/version").equals("200 sha-1a2b3c4"));
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses.read(stack).map(s -> s.phase() == Phase.Ready).orElse(false));
    }

    @Test
    void aContainerKilledByHandIsStartedAgainLongBeforeThePoll() {
        String before = Lab.docker("inspect", "-f", "{{.State.StartedAt}}", stack + "-web");
        Lab.docker("kill", stack + "-web");

        await().atMost(Duration.ofSeconds(60)).until(() -> Lab.get(port, "/version").equals("200 sha-1a2b3c4"));
        String after = Lab.docker("inspect", "-f", "{{.State.StartedAt}}", stack + "-web");
        assertEquals(false, before.equals(after), "started again");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(state.resolve("deploy-history.log"))
                .contains(" | " + stack + " | staging | heal | sha-1a2b3c4 | success"));
    }

    @Test
    void pauseSaysSoWhenItReturnsAndResumeTakesEffectAtOnce() {
        assertEquals(0, stackctl.run("pause", stack, "--reason", "by hand").exitCode());
        assertEquals(Phase.Paused, statuses.read(stack).orElseThrow().phase(), "the status says so when the command returns");

        Lab.write(desired, stack, StackFixtures.app(stack, "sha-2b3c4d5", port));
        assertEquals(0, stackctl.run("resume", stack).exitCode());

        await().atMost(Duration.ofSeconds(90)).until(() -> Lab.get(port, "/version").equals("200 sha-2b3c4d5"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (daemon != null) {
            daemon.destroy();
            daemon.waitFor(90, TimeUnit.SECONDS);
        }
        Lab.cleanUp(stack);
    }
}
