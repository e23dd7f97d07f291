package tokyo.seisei.operator.engine.steps;

import java.time.Duration;
import tokyo.seisei.operator.engine.hold.HoldPoints;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;

/**
 * The operator is asked to stop (SIGTERM, {@code systemctl stop}): no step that changes something starts any
 * more, a smoke under way ends without a verdict, and a hold of the reliability suite is released, so the step
 * under way finishes and what is left is settled from its operation record at the next start.
 */
public final class Shutdown {

    private final HoldPoints holds;
    private volatile boolean requested;

    public Shutdown(HoldPoints holds) {
        this.holds = holds;
    }

    public void request() {
        requested = true;
        holds.release();
    }

    public boolean requested() {
        return requested;
    }

    /** Sleeps as a smoke waits between attempts, cut short when the operator stops. */
    public SmokeRunner.Sleeper sleeper() {
        return duration -> {
            long until = System.nanoTime() + duration.toNanos();
            while (!requested && System.nanoTime() < until) {
                Thread.sleep(Math.min(50, Math.max(1, Duration.ofNanos(until - System.nanoTime()).toMillis())));
            }
            if (requested) {
                throw new SmokeRunner.Cancelled();
            }
        };
    }
}
