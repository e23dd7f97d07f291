package tokyo.seisei.operator.app;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.engine.PassResult;
import tokyo.seisei.operator.engine.Reconciler;
import tokyo.seisei.operator.engine.RetryPolicy;

/**
 * The daemon's loop: a pass every {@code operator.poll-interval}, a sooner one when a desired-state file
 * changes or the API asks, and the retry policy's wait while the engine cannot be reached. Passes run one at a
 * time on one thread, so a stack is never reconciled twice at once. On SIGTERM it takes no more work and lets
 * the step under way finish, within {@code operator.shutdown-timeout}.
 */
@Singleton
public class Daemon {

    private static final Logger LOG = Logger.getLogger(Daemon.class);

    @Inject
    Reconciler reconciler;

    @Inject
    Operator operator;

    @Inject
    OperatorConfig config;

    @Inject
    Clock clock;

    @Inject
    DiskWatch diskWatch;

    @Inject
    MaintenanceSchedule maintenanceSchedule;

    @Inject
    OperatorMetrics metrics;

    private final Backoff backoff = new Backoff(RetryPolicy.STANDARD);
    /**
     * The passes, and the poll that asks for them, on one thread: a poll wakes nothing else. Not Quarkus's scheduler,
     * which wakes every second to look at its triggers, whatever their interval, and hands each run to its worker pool:
     * two threads woken a second, a fifth of a no-op pass's CPU on a small host (docs/performance.md).
     */
    private final ScheduledThreadPoolExecutor passes = new ScheduledThreadPoolExecutor(1, daemonThread("reconcile"));
    /** Free space apart from the passes: a disk filling during a long backup is seen while it fills. */
    private final ScheduledThreadPoolExecutor diskWatchTimer = new ScheduledThreadPoolExecutor(1, daemonThread("disk-watch"));
    /** The maintenance runs, apart from the passes: a verification of one stack never holds up the deploys of others. */
    private final ScheduledThreadPoolExecutor maintenance = new ScheduledThreadPoolExecutor(1, daemonThread("maintenance"));
    /** When the schedule's runs are due: a thread apart, so a run still going when the next is due makes that one skip. */
    private final ScheduledThreadPoolExecutor maintenanceTimer =
            new ScheduledThreadPoolExecutor(1, daemonThread("maintenance-timer"));
    private final AtomicBoolean maintenanceQueued = new AtomicBoolean();
    /** A run missed while the daemon was down, to be made up for once the start's first pass is done. */
    private final AtomicBoolean catchUpDue = new AtomicBoolean();
    static final Duration CLOCK_RECHECK = Duration.ofMinutes(1);
    private volatile boolean firstPassDone;
    private volatile Instant passStarted;
    private final AtomicBoolean fullPassQueued = new AtomicBoolean();

    /** Threads of one name that never keep the process alive: a stop is the daemon's own business. */
    private static ThreadFactory daemonThread(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Starts the periodic passes; the CLI's one-shot commands never call it. */
    public void start() {
        long interval = config.pollInterval().toMillis();
        // the start has its own pass; a pass longer than the interval is followed by one poll, not by those it missed
        passes.scheduleWithFixedDelay(() -> requestPass(null), interval, interval, TimeUnit.MILLISECONDS);
        maintenanceSchedule.nextAfter(clock.instant()).ifPresent(this::maintenanceAt);
        maintenance.submit(this::removeVerificationLeftovers);
        catchUpMaintenance();
        showVerifiedBackups();
        diskWatchTimer.scheduleWithFixedDelay(this::watchDisks, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** Free space and DiskPressure; a failure to read is the entry's business, never the daemon's. */
    private void watchDisks() {
        try {
            diskWatch.poll();
        } catch (RuntimeException e) {
            LOG.errorf(e, "disk watch failed: %s", e.getMessage());
        }
    }

    /**
     * A run the schedule had while the daemon was down (or none ever recorded) is made up for once, a poll interval
     * after the start's first pass: a start after a crash may have stacks to heal, and neither a verification's
     * throwaway database nor an image cleanup should compete with that pass, nor delay readiness. Runs missed are
     * never made up one by one.
     */
    private void catchUpMaintenance() {
        Optional<Instant> last = operator.maintenance().lastRun();
        if (maintenanceSchedule.missed(last, clock.instant())) {
            LOG.infof("%s (operator.maintenance.schedule %s): running one after the first pass",
                    last.map(t -> "maintenance run missed since " + t).orElse("no maintenance run recorded"), maintenanceSchedule);
            catchUpDue.set(true);
        }
    }

    private void afterFirstPass() {
        if (catchUpDue.getAndSet(false)) {
            try {
                maintenance.schedule(this::requestMaintenance, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // the daemon stops: the run is made up for at the next start
            }
        }
    }

    /** A verification stopped by a kill leaves its throwaway database running: the start removes it. */
    private void removeVerificationLeftovers() {
        try {
            operator.backupVerifier().removeLeftovers().forEach(LOG::info);
        } catch (RuntimeException e) {
            LOG.warnf("cannot remove the throwaway containers of stopped verifications: %s", e.getMessage());
        }
    }

    /** The last passed verification of each stack, from its backups' verification.json, so a restart keeps the gauge. */
    private void showVerifiedBackups() {
        try {
            operator.backupVerifier().lastPassed().forEach((stack, v) -> metrics.backupVerified(stack, null, v));
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the backups' verifications: %s", e.getMessage());
        }
    }

    /**
     * The next scheduled maintenance run, timed by a thread of its own that sleeps until it is due, rather than a cron
     * the scheduler evaluates every second. The clock is read again at least every minute, so a host whose clock is
     * set forward or back runs it when its own clock says so, as cron does.
     */
    private void maintenanceAt(Instant due) {
        long wait = Math.min(Duration.between(clock.instant(), due).toMillis(), CLOCK_RECHECK.toMillis());
        try {
            maintenanceTimer.schedule(() -> {
                Instant now = clock.instant();
                if (now.isBefore(due)) {
                    maintenanceAt(due);
                    return;
                }
                requestMaintenance();
                maintenanceSchedule.nextAfter(now).ifPresent(this::maintenanceAt);
            }, Math.max(0, wait), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the daemon stops: no run is due any more
        }
    }

    /**
     * The maintenance plan on the maintenance thread, one run at a time: the backups due for verification (by
     * spec.backup.verify, counting up to the next scheduled run) verified, those past their retention archived and
     * removed, then the images nothing needs when operator.maintenance.image-cleanup says it is time.
     */
    void requestMaintenance() {
        if (!maintenanceQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            maintenance.submit(() -> {
                try {
                    if (!operator.shutdown().requested()) {
                        Instant now = clock.instant();
                        operator.maintenance().scheduledRun(maintenanceSchedule.nextAfter(now).orElse(now),
                                () -> operator.shutdown().requested()).forEach(LOG::info);
                    }
                } catch (RuntimeException e) {
                    LOG.errorf(e, "maintenance run failed: %s", e.getMessage());
                } finally {
                    maintenanceQueued.set(false);
                }
            });
        } catch (RejectedExecutionException stopping) {
            maintenanceQueued.set(false);
        }
    }

    /** Queues a pass of one stack, or of all when null, and returns at once; a full pass already queued is enough. */
    public void requestPass(String stack) {
        if (stack == null && !fullPassQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            passes.submit(() -> {
                if (stack == null) {
                    fullPassQueued.set(false);
                }
                pass(stack);
            });
        } catch (RejectedExecutionException stopping) {
            fullPassQueued.set(false); // the daemon stops: no new work
        }
    }

    public boolean firstPassDone() {
        return firstPassDone;
    }

    /** A pass that has run longer than {@code operator.pass-deadline}: for how long, and at which stack. */
    public Optional<String> overdue() {
        Instant started = passStarted;
        if (started == null) {
            return Optional.empty();
        }
        Duration running = Duration.between(started, clock.instant());
        return running.compareTo(config.passDeadline()) <= 0 ? Optional.empty()
                : Optional.of("a pass has run for " + running.toSeconds() + "s, at stack "
                + reconciler.currentStack().orElse("-") + " (operator.pass-deadline " + config.passDeadline().toSeconds() + "s)");
    }

    private void pass(String stack) {
        if (operator.shutdown().requested()) {
            return;
        }
        try {
            if (stack == null && !backoff.ready(clock.instant())) {
                return;
            }
            passStarted = clock.instant();
            PassResult result = reconciler.reconcile(stack == null ? List.of() : List.of(stack));
            if (stack != null) {
                return; // one stack on request: the daemon's own rhythm and readiness are not its business
            }
            if (result.engineError() != null) {
                Duration wait = backoff.failed(clock.instant());
                LOG.warnf("pass skipped (%s); next attempt in %ss", result.engineError(), wait.toSeconds());
            } else {
                backoff.succeeded();
                firstPassDone = true;
                afterFirstPass();
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "pass failed: %s", e.getMessage());
        } finally {
            passStarted = null;
        }
    }

    /**
     * SIGTERM: no new pass; the step under way finishes, and what is left stays in its operation record. Only a daemon
     * that exists is stopped: a command's exit does not build one (and the whole operator) just to stop it.
     */
    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        operator.shutdown().request();
        maintenance.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // a catch-up not begun is not begun
        maintenance.shutdown(); // the sleeper ends a wait for a throwaway database, which its finally removes
        maintenanceTimer.shutdownNow();
        diskWatchTimer.shutdownNow();
        passes.shutdown();
        try {
            if (!passes.awaitTermination(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("the step under way did not finish within %ss; its operation record is settled at the next start",
                        config.shutdownTimeout().toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
