package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.it.StackFixtures.app;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.model.Phase;

/** stackctl logs STACK -f follows the running container as docker logs -f does, and a deploy that replaces it ends it. */
class LogsFollowIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final OperatorUnderTest operator = lab.operator();
    final String stack = lab.stack("follow");
    final int port = Lab.freePort();

    @Test
    void aLineWrittenAfterTheFollowStartedAppearsAndADeployEndsItWithExitCode0() {
        operator.write(stack, app(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));

        LabExtension.Running follow = lab.start(lab.stackctl(), "logs", stack, "-f");
        await().atMost(Duration.ofSeconds(60)).until(() -> follow.log().contains("lab app sha-1a2b3c4, mode healthy"));
        // written by the container's own process, as the app writes its lines
        Lab.docker("exec", stack + "-web", "sh", "-c", "echo written after the follow started >/proc/1/fd/1");
        await().atMost(Duration.ofSeconds(20)).until(() -> follow.log().contains("written after the follow started\n"));
        assertTrue(follow.process().isAlive(), "still following: " + follow.log());

        operator.write(stack, app(stack, "sha-2b3c4d5", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        await().atMost(Duration.ofSeconds(30)).until(() -> !follow.process().isAlive());
        assertEquals(0, follow.process().exitValue(), follow.log());
        assertTrue(follow.log().contains("==> web: its container " + stack + "-web was replaced (a deploy); stackctl logs "
                + stack + " web -f follows the new one\n"), follow.log());
    }
}
