package tokyo.seisei.operator.engine.steps;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The places for work that loads the host: {@code operator.max-concurrent} of them. The pipeline holds one for
 * each step that loads the host (the checks, the pull, the backup, the replacement of containers) and gives it
 * back for a step that only watches and waits (the smoke), so that the smoke of one stack, however slow, never
 * holds back the deploy of another. Given in the order they were asked for.
 */
public final class HostSlots {

    private final Semaphore places;

    public HostSlots(int places) {
        this.places = new Semaphore(Math.max(1, places), true);
    }

    /** Waits for a place; false, with none taken, when the operator stops first. */
    boolean take(Shutdown shutdown) {
        try {
            while (!places.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                if (shutdown.requested()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void giveBack() {
        places.release();
    }
}
