package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.engine.StackYaml.image;
import static tokyo.seisei.operator.engine.StackYaml.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.StackStatus;

/** Transient failures: tried again after a growing wait, in the status only; never latched, never in the history. */
@Timeout(30)
class BackoffTest {

    static final String REFUSED = "pull " + image("v1") + " failed: Cannot pull image " + image("v1")
            + ": Get \"http://localhost:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused";

    @TempDir
    Path root;

    int pullsOfV1(TestOperator op) {
        return Collections.frequency(op.docker.pulls, image("v1"));
    }

    @Test
    void anUnreachableRegistryIsRetriedAfterAWaitWithoutAHistoryLine() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.docker.registryDown(image("v1"));

        PassResult pass = op.pass();

        assertEquals(Phase.Progressing, pass.phases().get("shop"));
        assertTrue(pass.retry(), "the pass says a stack will be retried");
        StackStatus status = op.status("shop");
        assertEquals("will retry in 2s (attempt 1): " + REFUSED, status.message());
        assertEquals(new StackStatus.RetryStatus(1, "2026-11-26T13:12:16Z", REFUSED), status.retry());
        assertEquals("True PullFailed", op.condition("shop", "Reconciling"));
        assertNull(status.failedVersion(), "not latched");
        assertEquals(List.of(), op.history());
        assertEquals("Pull -> RETRY PullFailed", LatchTest.last(op.eventLines("shop").subList(0, 4)));
    }

    @Test
    void noAttemptBeforeNextAttemptAtAndOneAfterIt() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.docker.registryDown(image("v1"));
        op.pass("shop");

        assertEquals(Phase.Progressing, op.passAfter(Duration.ofSeconds(1), "shop"));
        assertEquals(1, pullsOfV1(op), "13:12:15 is before nextAttemptAt");

        assertEquals(Phase.Progressing, op.passAfter(Duration.ofSeconds(1), "shop"));
        assertEquals(2, pullsOfV1(op), "13:12:16 is nextAttemptAt");
        assertEquals(new StackStatus.RetryStatus(2, "2026-11-26T13:12:20Z", REFUSED), op.status("shop").retry());

        op.docker.registryUp(image("v1"));
        assertEquals(Phase.Progressing, op.passAfter(Duration.ofSeconds(3), "shop"), "13:12:19: still waiting");
        assertEquals(Phase.Ready, op.passAfter(Duration.ofSeconds(1), "shop"));
        assertNull(op.status("shop").retry());
        assertEquals(List.of("2026-11-26 13:12:20 | shop | staging | deploy | v1 | success |"), op.history());
    }

    @Test
    void stackctlRetryEndsTheWait() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.docker.registryDown(image("v1"));
        op.pass("shop");
        op.docker.registryUp(image("v1"));

        assertEquals(Optional.of("v1"), op.operator.operations().retry("shop"));

        assertNull(op.status("shop").retry());
        assertEquals("- -> RetryRequested RetryRequested", LatchTest.last(op.eventLines("shop")));
        assertEquals(Phase.Ready, op.pass("shop"), "tried at once, at 13:12:14");
    }

    @Test
    void anEngineGoneAtTheStartOfAPassIsShownInTheStatusAndChangesNothing() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        op.write(stack("shop").version("v2"));
        op.docker.unreachable(true);

        PassResult result = op.pass();

        assertTrue(result.engineError().startsWith("Docker engine at unix:///fake.sock is not reachable"), result.engineError());
        StackStatus status = op.status("shop");
        assertEquals(Phase.Ready, status.phase(), "what was last known of the stack stays");
        assertEquals("v1", status.currentVersion());
        assertEquals(Reason.ENGINE_UNREACHABLE, status.conditions().get(0).reason());
        assertTrue(status.message().startsWith("the Docker engine cannot be reached"), status.message());
        assertEquals(1, op.history().size(), "no history line: nothing happened");
        assertFalse(LatchTest.last(op.events.passes), "the listeners hear of an incomplete pass");

        op.docker.unreachable(false);
        assertEquals(Phase.Ready, op.pass("shop"));
        assertEquals("v2", op.status("shop").currentVersion());
        assertTrue(op.status("shop").conditions().stream().noneMatch(c -> Reason.ENGINE_UNREACHABLE.equals(c.reason())));
    }

    @Test
    void anEngineThatStopsAnsweringBeforeAnythingIsReplacedIsRetried() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.docker.beforeNextList(() -> op.docker.unreachable(true));

        assertEquals(Phase.Progressing, op.pass("shop"));

        assertEquals("True EngineUnreachable", op.condition("shop", "Reconciling"));
        assertEquals(1, op.status("shop").retry().attempts());
        assertTrue(op.status("shop").message().startsWith("will retry in 2s (attempt 1): Preflight: Docker engine at"),
                op.status("shop").message());
        assertEquals(List.of(), op.history());
    }
}
