package tokyo.seisei.operator.app;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.engine.Reconciler;
import tokyo.seisei.operator.engine.RetryPolicy;

/**
 * The daemon's loop: a pass every {@code operator.poll-interval}, a sooner one when a desired-state file
 * changes or the API asks, and exponential backoff while the engine cannot be reached. Passes run one at a
 * time on one thread, so a stack is never reconciled twice at once.
 */
@Singleton
public class Daemon {

    private static final Logger LOG = Logger.getLogger(Daemon.class);

    @Inject
    Reconciler reconciler;

    @Inject
    Scheduler scheduler;

    @Inject
    OperatorConfig config;

    @Inject
    Clock clock;

    private final Backoff backoff = new Backoff(RetryPolicy.STANDARD);
    private final ExecutorService passes = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "reconcile");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean firstPassDone;
    private final java.util.concurrent.atomic.AtomicBoolean fullPassQueued = new java.util.concurrent.atomic.AtomicBoolean();

    /** Starts the periodic passes; the CLI's one-shot commands never call it. */
    public void start() {
        scheduler.newJob("poll")
                .setInterval(config.pollInterval().toSeconds() + "s")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> requestPass(null))
                .schedule();
    }

    /** Queues a pass of one stack, or of all when null, and returns at once; a full pass already queued is enough. */
    public void requestPass(String stack) {
        if (stack == null && !fullPassQueued.compareAndSet(false, true)) {
            return;
        }
        passes.submit(() -> {
            if (stack == null) {
                fullPassQueued.set(false);
            }
            pass(stack);
        });
    }

    public boolean firstPassDone() {
        return firstPassDone;
    }

    private void pass(String stack) {
        try {
            if (stack == null && !backoff.ready(clock.instant())) {
                return;
            }
            Reconciler.PassResult result = reconciler.reconcile(stack == null ? List.of() : List.of(stack));
            if (stack != null) {
                return; // one stack on request: the daemon's own rhythm and readiness are not its business
            }
            if (result.engineError() != null) {
                Duration wait = backoff.failed(clock.instant());
                LOG.warnf("pass skipped (%s); next attempt in %ss", result.engineError(), wait.toSeconds());
            } else {
                backoff.succeeded();
                firstPassDone = true;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "pass failed: %s", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        passes.shutdownNow();
    }
}
