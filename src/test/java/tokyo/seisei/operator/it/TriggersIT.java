package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/**
 * The daemon acts on what happens at once, with a poll interval of five minutes: a container that dies is seen
 * through the engine's events, and pause, resume and retry through the commands' requests.
 */
class TriggersIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();

    final String stack = lab.stack("trig");
    final int port = Lab.freePort();
    final Path state = lab.stateDir();
    final StatusStore statuses = new StatusStore(new StateLayout(state));
    Stackctl stackctl;
    LabExtension.Running daemon;

    @BeforeEach
    void startDaemon() {
        lab.write(stack, StackFixtures.app(stack, "sha-1a2b3c4", port));
        stackctl = lab.stackctl().with("OPERATOR_POLL_INTERVAL", "300s").with("OPERATOR_SMOKE_STABLE_FOR", "1s")
                .with("QUARKUS_HTTP_PORT", String.valueOf(Lab.freePort()));
        daemon = lab.daemon(stackctl);
        await().atMost(Duration.ofSeconds(90)).until(() -> Lab.get(port, "/version").equals("200 sha-1a2b3c4"));
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses.read(stack).map(s -> s.phase() == Phase.Ready).orElse(false));
    }

    @Test
    void anEditedFileIsDeployedLongBeforeThePollAndNoChangeIsReportedBeforeIt() {
        assertFalse(daemon.log().contains("desired state changed"), "nothing changed since the start: " + daemon.log());

        lab.write(stack, StackFixtures.app(stack, "sha-2b3c4d5", port));

        await().atMost(Duration.ofSeconds(60)).until(() -> Lab.get(port, "/version").equals("200 sha-2b3c4d5"));
        assertTrue(daemon.log().contains("desired state changed in "), daemon.log());
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

        lab.write(stack, StackFixtures.app(stack, "sha-2b3c4d5", port));
        assertEquals(0, stackctl.run("resume", stack).exitCode());

        await().atMost(Duration.ofSeconds(90)).until(() -> Lab.get(port, "/version").equals("200 sha-2b3c4d5"));
    }
}
