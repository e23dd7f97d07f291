package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static tokyo.seisei.operator.engine.StackYaml.image;
import static tokyo.seisei.operator.engine.StackYaml.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;

/** A failed version is latched: not tried again until the file changes or stackctl retry; what runs is kept running. */
@Timeout(30)
class LatchTest {

    @TempDir
    Path root;

    TestOperator op;

    /** v1 verified; v2, whose container exits, failed and was rolled back: the stack is latched on v2. */
    @BeforeEach
    void latchedOnV2() {
        op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        op.docker.exitsOnStart(image("v2"));
        op.write(stack("shop").version("v2"));
        op.passAfter(Duration.ofMinutes(1), "shop");
        assertEquals("v2", op.status("shop").failedVersion());
    }

    @Test
    void theFailedVersionIsNotTriedAgainAtTheNextPass() {
        long changes = op.docker.changes();

        assertEquals(Phase.Degraded, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals(changes, op.docker.changes(), "no pull, no create");
        assertEquals(3, op.history().size(), "no history line per pass");
        assertEquals("v2", op.status("shop").failedVersion());
    }

    @Test
    void aStoppedContainerOfTheRolledBackVersionIsStartedAgainWithAHealLine() {
        op.docker.stopByHand("shop-web");

        assertEquals(Phase.Degraded, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals("running", op.docker.container("shop-web").orElseThrow().state);
        assertEquals("2026-11-26 13:14:14 | shop | staging | heal | v1 | success | start web", last(op.history()));
        assertEquals(List.of(image("v1"), image("v2")), op.docker.pulls, "v2 is not tried");
        assertEquals("v2", op.status("shop").failedVersion(), "still latched");
        op.passAfter(Duration.ofMinutes(1), "shop");
        assertEquals(4, op.history().size(), "healed once");
    }

    @Test
    void aRolledBackVersionThatDoesNotStayUpWhenStartedAgainLeavesTheStackFailedAndIsNotStartedAgain() {
        op.docker.stopByHand("shop-web");
        op.docker.exitsOnStart(image("v1")); // v2's migration broke v1 too

        assertEquals(Phase.Failed, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertTrue(op.status("shop").message().startsWith("version v1, rolled back to after v2 failed, does not stay up"
                + " either: smoke failed after 0s: web: container exited (exit code 1)"), op.status("shop").message());
        assertEquals("2026-11-26 13:14:14 | shop | staging | heal | v1 | fail | start web: smoke failed after 0s: web:"
                + " container exited (exit code 1)", last(op.history()));
        long starts = op.docker.starts();
        assertEquals(Phase.Failed, op.passAfter(Duration.ofMinutes(1), "shop"));
        assertEquals(starts, op.docker.starts(), "not started again");
        assertEquals(4, op.history().size(), "one line for the heal that failed");
    }

    @Test
    void aChangedFileLiftsTheLatch() {
        op.docker.runsFine(image("v2"));
        op.write(stack("shop").version("v2").note("v2 rebuilt"));

        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertNull(op.status("shop").failedVersion());
        assertEquals("v2", op.status("shop").currentVersion());
        assertEquals("2026-11-26 13:14:14 | shop | staging | deploy | v2 | success |", last(op.history()));
    }

    @Test
    void stackctlRetryClearsTheLatchAndTheNextPassTriesTheVersionAgain() {
        op.docker.runsFine(image("v2"));

        assertEquals(Optional.of("v2"), op.operator.operations().retry("shop"));

        assertNull(op.status("shop").failedVersion());
        assertEquals(Phase.Degraded, op.status("shop").phase(), "the phase stays until the next pass");
        assertEquals("- -> RetryRequested RetryRequested", last(op.eventLines("shop")));
        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"));
        assertEquals(Collections.frequency(op.docker.pulls, image("v2")), 2);
        assertEquals(Optional.empty(), op.operator.operations().retry("shop"), "nothing left to clear");
    }

    static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    @Test
    void aLatchedStackPausedAndResumedIsDegradedAgainWithoutATry() {
        op.operator.operations().pause("shop", "looking at it", "akiko");
        op.passAfter(Duration.ofMinutes(1), "shop");
        op.operator.operations().resume("shop");
        long changes = op.docker.changes();

        assertEquals(Phase.Degraded, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals("version v2 failed; change the desired state or run stackctl retry shop", op.status("shop").message());
        assertEquals("False VersionFailed", op.condition("shop", "Ready"));
        assertEquals(changes, op.docker.changes());
        assertEquals(5, op.history().size(), "the deploys, then the pause and the resume");
        assertTrue(op.history().get(4).endsWith(" | shop | staging | resume | v1 | success | looking at it"), op.history().get(4));
    }

    @Test
    void aChangeMadeDuringAPauseLiftsTheLatchAtTheResume() {
        op.operator.operations().pause("shop", "fixing v2", "akiko");
        op.write(stack("shop").version("v3"));
        assertEquals(Phase.Paused, op.passAfter(Duration.ofMinutes(1), "shop"));
        op.operator.operations().resume("shop");

        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals("2026-11-26 13:15:14 | shop | staging | deploy | v3 | success |", last(op.history()));
        assertNull(op.status("shop").failedVersion());
    }
}
