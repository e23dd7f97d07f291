package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.engine.StackYaml.image;
import static tokyo.seisei.operator.engine.StackYaml.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.store.StackLocks;
import tokyo.seisei.operator.store.StateLayout;

/** A paused stack is left entirely alone: no deploy, no heal, no history line; the status still shows its containers. */
@Timeout(30)
class PauseTest {

    static final String WHY = "paused by akiko since 2026-11-26T13:13:14Z: restoring the database by hand";

    @TempDir
    Path root;

    TestOperator deployedV1() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        op.clock.advance(Duration.ofMinutes(1));
        return op;
    }

    @Test
    void stackctlPauseSaysPausedAtOnce() {
        TestOperator op = deployedV1();

        op.operator.operations().pause("shop", "restoring the database by hand", "akiko");

        assertEquals(Phase.Paused, op.status("shop").phase());
        assertEquals(WHY, op.status("shop").message());
        assertEquals("False Suspended", op.condition("shop", "Ready"));
        assertEquals("Ready -> Paused Suspended", LatchTest.last(op.eventLines("shop")));
        assertEquals(2, op.history().size());
        assertTrue(LatchTest.last(op.history()).endsWith(" | shop | staging | pause | v1 | success | restoring the database by hand"),
                LatchTest.last(op.history()));
    }

    @Test
    void aPauseMadeWhileADeployPullsStopsItBeforeItReplacesAnything() {
        TestOperator op = deployedV1();
        String v1Id = op.docker.container("shop-web").orElseThrow().id;
        op.write(stack("shop").version("v2"));
        // a person pauses while the pull runs; the converge holds the stack's lock, so the pause is all it can write
        op.docker.afterCall((call, container) -> call.equals("pull"), () -> {
            Thread person = new Thread(() -> op.operator.operations().pause("shop", "restoring the database by hand", "akiko"));
            person.start();
            try {
                person.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertEquals(Phase.Paused, op.pass("shop"));

        assertEquals(WHY, op.status("shop").message());
        assertEquals(v1Id, op.docker.container("shop-web").orElseThrow().id, "v1 still runs, not replaced");
        assertEquals(image("v1"), op.docker.container("shop-web").orElseThrow().image);
        assertTrue(op.history().stream().noneMatch(line -> line.contains(" | deploy | v2 ")), op.history().toString());
        assertEquals("Backup -> PAUSED Suspended", LatchTest.last(op.eventLines("shop").subList(0, op.eventLines("shop").size() - 1)));
    }

    @Test
    void aPauseReasonWithALineBreakOrATerminalEscapeIsEscapedInTheStatusMessage() {
        TestOperator op = deployedV1();

        op.operator.operations().pause("shop", "disk\u001b[2J swap\nshop2  Ready  v9  1s  all good", "akiko");

        assertEquals("paused by akiko since 2026-11-26T13:13:14Z: disk\\u001b[2J swap\\nshop2  Ready  v9  1s  all good",
                op.status("shop").message());
        String message = LatchTest.last(op.events("shop")).path("message").asText();
        assertTrue(message.endsWith("disk\\u001b[2J swap\\nshop2  Ready  v9  1s  all good"), message);
    }

    @Test
    void stackctlPauseLeavesTheStatusToAConvergeThatHoldsTheLock() throws Exception {
        TestOperator op = deployedV1();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch paused = new CountDownLatch(1);
        Thread converge = new Thread(() -> {
            try (StackLocks.Held lock = new StackLocks(new StateLayout(op.stateDir)).lock("shop")) {
                held.countDown();
                paused.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        converge.start();
        held.await();

        op.operator.operations().pause("shop", "restoring the database by hand", "akiko");
        paused.countDown();
        converge.join();

        assertEquals(Phase.Ready, op.status("shop").phase(), "the converge under way ends first");
        assertEquals(Phase.Paused, op.pass("shop"), "the next pass says so");
        assertEquals(WHY, op.status("shop").message());
    }

    @Test
    void aPausedStackIsNeitherDeployedNorHealed() {
        TestOperator op = deployedV1();
        op.operator.operations().pause("shop", "restoring the database by hand", "akiko");
        op.write(stack("shop").version("v2"));
        op.docker.stopByHand("shop-web");
        long changes = op.docker.changes();

        assertEquals(Phase.Paused, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals(changes, op.docker.changes());
        assertEquals("exited", op.docker.container("shop-web").orElseThrow().state);
        assertEquals("exited", op.status("shop").services().get(0).state(), "the status shows the containers as they are");
        assertEquals(WHY, op.status("shop").message());
        assertEquals(2, op.history().size(), "the deploy and the pause; no line per pass");

        op.operator.operations().resume("shop");
        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"));
        assertEquals("2026-11-26 13:15:14 | shop | staging | deploy | v2 | success |", LatchTest.last(op.history()));
    }

    @Test
    void specPausedInGitPausesTheStack() {
        TestOperator op = deployedV1();
        op.write(stack("shop").version("v2").pausedInGit());
        op.docker.stopByHand("shop-web");
        long changes = op.docker.changes();

        assertEquals(Phase.Paused, op.pass("shop"));

        assertEquals("paused in git (spec.paused: true)", op.status("shop").message());
        assertEquals(changes, op.docker.changes());
        assertEquals(List.of(image("v1")), op.docker.pulls);
        assertEquals(1, op.history().size());
    }
}
