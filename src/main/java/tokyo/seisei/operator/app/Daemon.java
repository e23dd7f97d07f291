package tokyo.seisei.operator.app;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.engine.Reconciler;

/**
 * The daemon's loop: a pass every {@code operator.poll-interval}, a sooner one when a desired-state file
 * changes, and exponential backoff while the engine cannot be reached. Idle unless {@code stackctl run} started it.
 */
@ApplicationScoped
public class Daemon {

    private static final Logger LOG = Logger.getLogger(Daemon.class);
    private static final AtomicBoolean RUNNING = new AtomicBoolean();

    @Inject
    Reconciler reconciler;

    @Inject
    Clock clock;

    private final Backoff backoff = new Backoff();

    /** Turns the scheduled passes on; the CLI's one-shot commands leave them off. */
    public static void enable() {
        RUNNING.set(true);
    }

    @Scheduled(every = "${operator.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotRunning.class)
    void poll() {
        pass();
    }

    /** One pass now, unless a backoff is in force. */
    public void pass() {
        if (!backoff.ready(clock.instant())) {
            return;
        }
        Reconciler.PassResult result = reconciler.reconcile(List.of());
        if (result.engineError() != null || result.retry()) {
            Duration wait = backoff.failed(clock.instant());
            LOG.warnf("pass incomplete (%s); next attempt in %ss",
                    result.engineError() != null ? result.engineError() : "a stack will retry", wait.toSeconds());
        } else {
            backoff.succeeded();
        }
    }

    public static class NotRunning implements Scheduled.SkipPredicate {
        @Override
        public boolean test(ScheduledExecution execution) {
            return !RUNNING.get();
        }
    }
}
