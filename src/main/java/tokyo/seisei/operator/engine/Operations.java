package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.store.PauseStore;
import tokyo.seisei.operator.store.StackLocks;
import tokyo.seisei.operator.store.StatusStore;

/** What people do by hand besides editing git: pause, resume, retry. Each takes effect at the next pass. */
public final class Operations {

    private final PauseStore pauses;
    private final StatusStore statuses;
    private final StackLocks locks;
    private final Clock clock;

    public Operations(PauseStore pauses, StatusStore statuses, StackLocks locks, Clock clock) {
        this.pauses = pauses;
        this.statuses = statuses;
        this.locks = locks;
        this.clock = clock;
    }

    /** @param stack a stack name, or {@link PauseStore#ALL} for the whole host */
    public void pause(String stack, String reason, String user) {
        pauses.pause(stack, new PauseStore.Pause(reason, Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(), user));
    }

    /** @return true when the stack was paused here (a spec.paused in git stays until git changes) */
    public boolean resume(String stack) {
        return pauses.resume(stack);
    }

    /**
     * Clears the failed-version latch, so the next pass tries the desired version again.
     *
     * @return the version that had failed, or empty when nothing was latched
     */
    public Optional<String> retry(String stack) {
        try (AutoCloseable ignored = locks.lock(stack)) {
            Optional<StackStatus> status = statuses.read(stack);
            if (status.isEmpty() || status.get().failedVersion() == null && status.get().retry() == null) {
                return Optional.empty();
            }
            StackStatus s = status.get();
            // the latch and any retry backoff both go: the next pass tries now
            statuses.write(new StackStatus(s.stack(), s.environment(), s.phase(), s.phaseSince(), s.message(),
                    s.desiredVersion(), s.currentVersion(), s.observedRevision(), null, s.verifiedVersion(), s.promotion(), null,
                    s.conditions(), s.services(),
                    s.lastOperation(), Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString()));
            return Optional.of(s.failedVersion() != null ? s.failedVersion() : s.desiredVersion());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
