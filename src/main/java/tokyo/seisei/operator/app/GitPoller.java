package tokyo.seisei.operator.app;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.engine.RetryPolicy;
import tokyo.seisei.operator.source.Source;

/**
 * Fetches the desired-state repository when it is a git one: at the daemon's start, every
 * {@code operator.git.poll-interval}, and at once when the webhook says a push happened. A fetch that brings a new
 * commit, or finds the repository unreachable or back, queues a pass; a failed fetch is tried again by
 * {@link RetryPolicy#STANDARD}. Fetches run one at a time on one thread of their own, never on the pass's.
 */
@Singleton
public class GitPoller {

    private static final Logger LOG = Logger.getLogger(GitPoller.class);
    /** How long the daemon's fetch may take; a pass never waits for it. */
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    Source source;

    @Inject
    Daemon daemon;

    @Inject
    OperatorConfig config;

    private final ScheduledExecutorService fetches = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "git-fetch");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> next;
    private int failures;

    /** True when the desired state comes from a git repository. */
    public boolean enabled() {
        return source.fetched();
    }

    /** The first fetch now, then one every poll interval; a pass follows the first whatever it found. */
    public void start() {
        submit(true);
    }

    /** The webhook: a fetch now, then a pass. */
    public void fetchNow() {
        submit(true);
    }

    private void submit(boolean passAfter) {
        try {
            fetches.execute(() -> fetch(passAfter));
        } catch (RejectedExecutionException stopping) {
            // the daemon stops: no new fetch
        }
    }

    private void fetch(boolean passAfter) {
        Source.Fetch fetch;
        try {
            fetch = source.refresh(FETCH_TIMEOUT);
        } catch (RuntimeException e) {
            fetch = new Source.Fetch(false, false, "cannot fetch: " + e);
        }
        Duration wait;
        synchronized (this) {
            failures = fetch.ok() ? 0 : failures + 1;
            wait = fetch.ok() ? config.git().pollInterval() : RetryPolicy.STANDARD.delay(failures);
            if (next != null) {
                next.cancel(false);
            }
            try {
                next = fetches.schedule(() -> fetch(false), wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                return;
            }
        }
        if (!fetch.ok()) {
            LOG.warnf("%s; next attempt in %ss", fetch.message(), wait.toSeconds());
        } else if (!fetch.message().isEmpty()) {
            LOG.infof("%s", fetch.message());
        }
        if (passAfter || fetch.changed()) {
            daemon.requestPass(null);
        }
    }

    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        fetches.shutdownNow();
    }
}
