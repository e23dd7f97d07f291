package tokyo.seisei.operator.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import tokyo.seisei.operator.engine.steps.Shutdown;
import tokyo.seisei.operator.source.LoadedStack;

/**
 * The threads a pass converges its stacks on. A stack in its smoke keeps its thread but gives back its place among
 * the {@code operator.max-concurrent} ({@link tokyo.seisei.operator.engine.steps.HostSlots}), so there are more
 * threads than places: enough for the stacks in their smoke while others deploy. Made as needed, ended when idle.
 */
final class ConvergeWorkers {

    /** Threads for each place: room for the smokes of the stacks that deployed in it a moment before. */
    static final int THREADS_PER_PLACE = 8;
    private static final long IDLE_SECONDS = 30;

    private final ExecutorService workers;
    private final Shutdown shutdown;

    ConvergeWorkers(int maxConcurrent, Shutdown shutdown) {
        this.shutdown = shutdown;
        int threads = Math.max(1, maxConcurrent) * THREADS_PER_PLACE;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, "converge");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
    }

    /**
     * Converges each stack once those it waits for are done, side by side with the others, at most
     * {@code operator.max-concurrent} deploying at once; a stack is never converged twice at once (its lock).
     *
     * @param stacks each after those it waits for ({@link PassOrder#dependenciesFirst})
     * @param before what each stack waits for
     */
    Map<String, StackConverger.Result> convergeAll(List<LoadedStack> stacks, Map<String, List<String>> before,
                                                   Function<LoadedStack, StackConverger.Result> converge) {
        Map<String, CompletableFuture<StackConverger.Result>> done = new LinkedHashMap<>();
        for (LoadedStack stack : stacks) {
            CompletableFuture<?>[] waits = before.getOrDefault(stack.name(), List.of()).stream().map(done::get).filter(Objects::nonNull)
                    .toArray(CompletableFuture[]::new);
            done.put(stack.name(), CompletableFuture.allOf(waits).handle((ignored, failure) -> null)
                    .thenApplyAsync(ignored -> shutdown.requested() ? null : converge.apply(stack), workers));
        }
        Map<String, StackConverger.Result> results = new LinkedHashMap<>();
        done.forEach((stack, future) -> {
            StackConverger.Result result = future.join();
            if (result != null) { // null: the operator stops, and the stack waits for the next start
                results.put(stack, result);
            }
        });
        return results;
    }
}
