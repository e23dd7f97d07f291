package tokyo.seisei.operator.docker;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A deadline for a call that waits on the engine's socket, as the transport's response timeout cannot give one on a
 * unix socket: docker-java reads it through a blocking {@code SocketChannel}, which ignores {@code SO_TIMEOUT}, so an
 * engine that hangs (its socket open, nothing answered) would hold the caller for ever. A channel is interruptible:
 * at the deadline the caller's thread is interrupted, the channel closes, and the call fails; the interrupt is
 * cleared before the caller goes on.
 */
final class CallDeadline {

    /** One timer for every engine in the process; a thread only once a call has been made. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Duration limit;
    private final String engine;

    /** @param engine the engine as its failures name it: "Docker engine at unix:///var/run/docker.sock" */
    CallDeadline(Duration limit, String engine) {
        this.limit = limit;
        this.engine = engine;
    }

    /**
     * The call's result, or what it threw; past the deadline, {@link DockerFailure.Kind#UNREACHABLE} naming the
     * operation and the limit.
     */
    <T> T run(String operation, Supplier<T> call) {
        Alarm alarm = new Alarm(Thread.currentThread());
        ScheduledFuture<?> ring = TIMER.schedule(alarm::ring, limit.toMillis(), TimeUnit.MILLISECONDS);
        boolean rang = false;
        try {
            return call.get();
        } catch (RuntimeException e) {
            rang = alarm.silence();
            if (rang) {
                throw new DockerFailure(DockerFailure.Kind.UNREACHABLE, engine + " did not answer within "
                        + shown(limit) + ": cannot " + operation, e);
            }
            throw e;
        } finally {
            ring.cancel(false);
            if (rang || alarm.silence()) {
                Thread.interrupted(); // the alarm's own interrupt, not the caller's business
            }
        }
    }

    private static String shown(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + "s" : limit.toMillis() + "ms";
    }

    /** Interrupts the caller once, unless silenced first; both under one lock, so it never rings after the call. */
    private static final class Alarm {

        private final Thread caller;
        private boolean silenced;
        private boolean rang;

        Alarm(Thread caller) {
            this.caller = caller;
        }

        synchronized void ring() {
            if (!silenced) {
                rang = true;
                caller.interrupt();
            }
        }

        /** @return whether it rang */
        synchronized boolean silence() {
            silenced = true;
            return rang;
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "docker-deadline");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
