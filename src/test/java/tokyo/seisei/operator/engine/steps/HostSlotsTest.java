package tokyo.seisei.operator.engine.steps;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.Fixtures;
import tokyo.seisei.operator.engine.hold.HoldPoints;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.Planner;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.source.DesiredStateLoader;

/**
 * The pipeline runs the steps that load the host in at most {@code operator.max-concurrent} places, and a stack in
 * its smoke holds none of them. The steps here are stand-ins that block until the test lets them go.
 */
class HostSlotsTest {

    @TempDir
    Path dir;

    final ExecutorService threads = Executors.newCachedThreadPool();
    final Shutdown shutdown = new Shutdown(HoldPoints.NONE);
    /** Stacks inside the loading step, and the latch each waits on there. */
    final Set<String> loading = ConcurrentHashMap.newKeySet();
    final Map<String, CountDownLatch> loadMayEnd = new ConcurrentHashMap<>();
    final Set<String> smoking = ConcurrentHashMap.newKeySet();
    final Map<String, CountDownLatch> smokeMayEnd = new ConcurrentHashMap<>();

    @AfterEach
    void letEverythingGo() {
        shutdown.request();
        loadMayEnd.values().forEach(CountDownLatch::countDown);
        smokeMayEnd.values().forEach(CountDownLatch::countDown);
        threads.shutdownNow();
    }

    @Test
    void aStackInItsSmokeHoldsNoPlaceSoAnotherDeploysMeanwhile() throws Exception {
        Pipeline pipeline = pipeline(1);
        loadMayEnd.put("first", released());
        smokeMayEnd.put("first", new CountDownLatch(1));
        loadMayEnd.put("second", released());
        smokeMayEnd.put("second", released());

        CompletableFuture<PipelineRun> first = run(pipeline, "first");
        await().atMost(Duration.ofSeconds(10)).until(() -> smoking.contains("first"));
        PipelineRun second = run(pipeline, "second").get(30, TimeUnit.SECONDS);

        assertTrue(second.outcome().done(), second.toString());
        assertEquals(List.of(StepName.PULL, StepName.SMOKE), second.steps().stream().map(StepResult::step).toList());
        assertTrue(smoking.contains("first"), "the first stack is still in its smoke");
        smokeMayEnd.get("first").countDown();
        assertTrue(first.get(30, TimeUnit.SECONDS).outcome().done());
    }

    @Test
    void noMoreStacksLoadTheHostAtOnceThanThereArePlaces() throws Exception {
        Pipeline pipeline = pipeline(2);
        for (String stack : List.of("one", "two", "three")) {
            loadMayEnd.put(stack, new CountDownLatch(1));
            smokeMayEnd.put(stack, released());
        }
        run(pipeline, "one");
        run(pipeline, "two");
        await().atMost(Duration.ofSeconds(10)).until(() -> loading.size() == 2);
        Thread[] third = new Thread[1];
        CompletableFuture<PipelineRun> waiting = CompletableFuture.supplyAsync(() -> {
            third[0] = Thread.currentThread();
            return pipeline.run(deployment("three"), new Listens());
        }, threads);

        await().atMost(Duration.ofSeconds(10)).until(() -> third[0] != null && third[0].getState() == Thread.State.TIMED_WAITING);
        assertEquals(Set.of("one", "two"), Set.copyOf(loading), "the third waits for a place");
        loadMayEnd.get("one").countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> loading.contains("three"));
        assertEquals(Set.of("two", "three"), Set.copyOf(loading));
        loadMayEnd.get("two").countDown();
        loadMayEnd.get("three").countDown();
        assertTrue(waiting.get(30, TimeUnit.SECONDS).outcome().done());
    }

    @Test
    void aStackWaitingForAPlaceWhenTheOperatorStopsIsInterruptedBeforeItsStep() throws Exception {
        Pipeline pipeline = pipeline(1);
        loadMayEnd.put("busy", new CountDownLatch(1));
        smokeMayEnd.put("busy", released());
        run(pipeline, "busy");
        await().atMost(Duration.ofSeconds(10)).until(() -> loading.contains("busy"));
        CompletableFuture<PipelineRun> waiting = run(pipeline, "queued");

        shutdown.request();
        PipelineRun queued = waiting.get(30, TimeUnit.SECONDS);

        assertEquals(StepOutcome.Result.INTERRUPTED, queued.outcome().result(), queued.toString());
        assertEquals(List.of(StepName.PULL), queued.steps().stream().map(StepResult::step).toList());
        assertTrue(queued.outcome().message().startsWith("the operator stopped before Pull"), queued.outcome().message());
    }

    private Pipeline pipeline(int places) {
        return new Pipeline(List.of(new HeldStep(StepName.PULL, true, loading, loadMayEnd, Reason.PULL_FAILED),
                new HeldStep(StepName.SMOKE, false, smoking, smokeMayEnd, Reason.SMOKE_FAILED)), Clock.systemUTC(), shutdown,
                new HostSlots(places), stack -> Optional.empty());
    }

    private CompletableFuture<PipelineRun> run(Pipeline pipeline, String stack) {
        return CompletableFuture.supplyAsync(() -> pipeline.run(deployment(stack), new Listens()), threads);
    }

    private static CountDownLatch released() {
        return new CountDownLatch(0);
    }

    private Deployment deployment(String stack) {
        try {
            Path file = Files.writeString(dir.resolve(stack + ".yaml"), Fixtures.SHOP.replace("name: shop", "name: " + stack));
            DesiredStack desired = new StackRenderer().render(new DesiredStateLoader(Map.of()).load(file));
            return new Deployment(new Planner().plan(desired, List.of()), null, Clock.systemUTC(), d -> { }, Map.of(),
                    HoldPoints.NONE, List.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stays in its step until the test lets it end: a pull, which loads the host, or a smoke, which only watches and
     * waits. The stacks inside it are in {@code inside}.
     */
    private record HeldStep(StepName name, boolean loadsHost, Set<String> inside, Map<String, CountDownLatch> mayEnd,
                            String failureReason) implements Step {

        @Override
        public StepOutcome run(Deployment deployment) {
            String stack = deployment.desired().name();
            inside.add(stack);
            try {
                mayEnd.get(stack).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inside.remove(stack);
            return StepOutcome.done(name + " done");
        }
    }

    private static final class Listens implements Pipeline.Listener {
        @Override
        public void stepStarted(String stack, StepName step) {
        }

        @Override
        public void stepEnded(String stack, StepResult result) {
        }

        @Override
        public void changing(String stack) {
        }
    }
}
