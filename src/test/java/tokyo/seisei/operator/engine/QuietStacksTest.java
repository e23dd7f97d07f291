package tokyo.seisei.operator.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.engine.StackYaml.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.store.PauseStore;
import tokyo.seisei.operator.store.StateLayout;

/**
 * A pass leaves alone the Ready stacks whose file, containers and state files did not change: it costs the container
 * list and nothing else. Whatever a converge would act on still reaches it: drift, a pause written by another process,
 * an edit, and a full converge at least every {@link QuietStacks#RESYNC}.
 */
@Timeout(60)
class QuietStacksTest {

    @TempDir
    Path root;

    private AutoCloseable watch;

    @AfterEach
    void stopWatching() throws Exception {
        if (watch != null) {
            watch.close();
        }
    }

    /** Three stacks deployed, with the state files watched as the daemon watches them, and left alone by a pass. */
    private TestOperator quiet() {
        TestOperator op = new TestOperator(root).write(stack("shop")).write(stack("blog")).write(stack("wiki"));
        watch = StateFileWatch.start(new StateLayout(op.stateDir), op.operator.reconciler().quietStacks());
        assertTrue(op.pass().allSettled());
        // the deploys' own writes are told by the watch a moment later: the pass after those converges once more
        await().until(() -> op.pass().leftAlone() == 3);
        return op;
    }

    @Test
    void aPassLeavesTheQuietStacksAloneAndAsksTheEngineOnlyForItsList() {
        TestOperator op = quiet();
        int calls = op.docker.calls.size();
        List<String> history = op.history();

        PassResult pass = op.pass();

        assertEquals(3, pass.leftAlone());
        assertEquals(Phase.Ready, pass.phases().get("shop"));
        assertEquals(3, pass.phases().size(), pass.phases().toString());
        assertEquals(List.of("list"), op.docker.calls.subList(calls, op.docker.calls.size()));
        assertEquals(history, op.history());
    }

    @Test
    void aContainerStoppedByHandIsStartedAgain() {
        TestOperator op = quiet();
        long starts = op.docker.starts();

        op.docker.stopByHand("shop-web");
        PassResult pass = op.pass();

        assertEquals(2, pass.leftAlone());
        assertEquals(starts + 1, op.docker.starts());
        assertTrue(op.docker.container("shop-web").orElseThrow().running());
    }

    @Test
    void aPauseAnotherProcessWroteIsSeen() {
        TestOperator op = quiet();

        // as `stackctl pause` in a process of its own writes it, without a word to this one
        new PauseStore(new StateLayout(op.stateDir)).pause("blog",
                new PauseStore.Pause("restoring by hand", "2026-11-26T13:13:14Z", "akiko"));

        await().untilAsserted(() -> assertEquals(Phase.Paused, op.pass("blog")));
        assertEquals(Phase.Ready, op.status("shop").phase());
    }

    @Test
    void anEditedFileIsDeployed() {
        TestOperator op = quiet();

        op.write(stack("wiki").version("v2"));
        PassResult pass = op.pass();

        assertEquals(2, pass.leftAlone());
        assertEquals("v2", op.status("wiki").currentVersion());
    }

    @Test
    void aStatusFileRemovedByHandIsWrittenAgain() throws Exception {
        TestOperator op = quiet();

        Files.delete(op.statusFile("shop"));

        await().untilAsserted(() -> {
            op.pass();
            assertTrue(Files.exists(op.statusFile("shop")));
        });
        assertEquals(Phase.Ready, op.status("shop").phase());
    }

    @Test
    void everyStackIsConvergedAgainOnceTheResyncIsDue() {
        TestOperator op = quiet();

        op.clock.advance(QuietStacks.RESYNC);

        assertEquals(0, op.pass().leftAlone());
        assertEquals(3, op.pass().leftAlone());
    }

    @Test
    void aStackThatReadsAnEnvFileIsAlwaysConverged() throws Exception {
        TestOperator op = quiet();
        Files.writeString(op.desiredDir.resolve("wiki.env"), "GREETING=hello\n");
        op.write(stack("wiki").envFile("wiki.env"));
        op.pass();

        await().during(Duration.ofMillis(300)).until(() -> op.pass().leftAlone() == 2);
    }

    @Test
    void withoutAWatchEveryStackIsConverged() throws Exception {
        TestOperator op = quiet();

        watch.close();

        assertEquals(0, op.pass().leftAlone());
        assertEquals(0, op.pass().leftAlone());
    }

    @Test
    void aPassAskedForByNameConvergesTheStack() {
        TestOperator op = quiet();

        PassResult pass = op.operator.reconciler().reconcile(List.of("shop"));

        assertEquals(0, pass.leftAlone());
        assertEquals(Phase.Ready, pass.phases().get("shop"));
    }

    /** The quiet stacks, with the engine's event stream connected a while ago and a pass that listed since. */
    private TestOperator quietAndWatchedByTheEngine() {
        TestOperator op = quiet();
        op.operator.reconciler().containerListing().watching(true);
        op.clock.advance(ContainerListing.SETTLE);
        assertEquals(3, op.pass().leftAlone());
        return op;
    }

    @Test
    void whileTheEngineTellsNoChangeAQuietPassAsksItNothing() {
        TestOperator op = quietAndWatchedByTheEngine();
        int calls = op.docker.calls.size();

        PassResult pass = op.pass();

        assertEquals(3, pass.leftAlone());
        assertEquals(List.of(), op.docker.calls.subList(calls, op.docker.calls.size()));
    }

    @Test
    void aListIsKeptForAMinuteAtMostThenAskedForAgain() {
        TestOperator op = quietAndWatchedByTheEngine();
        op.clock.advance(ContainerListing.RELIST);
        int calls = op.docker.calls.size();

        assertEquals(3, op.pass().leftAlone());
        assertEquals(List.of("list"), op.docker.calls.subList(calls, op.docker.calls.size()));
        op.clock.advance(ContainerListing.SETTLE);
        assertEquals(3, op.pass().leftAlone());
        assertEquals(List.of("list"), op.docker.calls.subList(calls, op.docker.calls.size()), "the new list is kept");
    }

    @Test
    void anEngineThatStopsAnsweringWithItsStreamStillOpenIsToldOnceTheListIsAMinuteOld() {
        TestOperator op = quietAndWatchedByTheEngine();
        op.docker.unreachable(true);
        assertEquals(3, op.pass().leftAlone(), "within the minute, the list stands");

        op.clock.advance(ContainerListing.RELIST);
        PassResult pass = op.pass();

        assertTrue(pass.engineError() != null && pass.retry(), pass.toString());
        StackStatus status = op.status("shop");
        assertEquals(Reason.ENGINE_UNREACHABLE, status.conditions().get(0).reason(), status.message());
        assertTrue(status.message().startsWith("the Docker engine cannot be reached"), status.message());
    }

    @Test
    void aChangeTheEngineTellsIsListedAndActedOn() {
        TestOperator op = quietAndWatchedByTheEngine();
        long starts = op.docker.starts();

        op.docker.stopByHand("shop-web");
        op.operator.reconciler().containerListing().changed();

        assertEquals(2, op.pass().leftAlone());
        assertEquals(starts + 1, op.docker.starts());
        assertTrue(op.docker.container("shop-web").orElseThrow().running());
    }

    @Test
    void aListBegunRightAfterAChangeIsAskedForAgainAtTheNextPass() {
        TestOperator op = quietAndWatchedByTheEngine();
        op.operator.reconciler().containerListing().changed();
        op.pass();

        // the engine may tell a change a moment before its list shows it
        assertAStopNoEventToldIsListedAndHealed(op);
    }

    @Test
    void onceTheEnginesStreamEndsEveryPassLists() {
        TestOperator op = quietAndWatchedByTheEngine();
        op.operator.reconciler().containerListing().watching(false);

        assertAStopNoEventToldIsListedAndHealed(op);
    }

    /** A container stopped with no event told of it: the next pass lists the containers and starts it again. */
    private static void assertAStopNoEventToldIsListedAndHealed(TestOperator op) {
        int calls = op.docker.calls.size();
        op.docker.stopByHand("shop-web");
        op.clock.advance(ContainerListing.SETTLE);

        assertEquals(2, op.pass().leftAlone());
        assertEquals("list", op.docker.calls.get(calls));
        assertTrue(op.docker.container("shop-web").orElseThrow().running());
    }

    @Test
    void aStackOutOfStepIsConvergedFromAFreshList() {
        TestOperator op = quietAndWatchedByTheEngine();
        int calls = op.docker.calls.size();

        op.write(stack("wiki").version("v2"));

        assertEquals(2, op.pass().leftAlone());
        assertEquals("list", op.docker.calls.get(calls));
        assertEquals("v2", op.status("wiki").currentVersion());
    }
}
