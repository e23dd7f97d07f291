package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import tokyo.seisei.operator.engine.gates.PauseGate;
import tokyo.seisei.operator.engine.status.StackRecorder;
import tokyo.seisei.operator.engine.status.StatusDraft;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.PassRequests;
import tokyo.seisei.operator.store.PauseStore;
import tokyo.seisei.operator.store.StackLocks;

/**
 * What people do by hand besides editing git: pause, resume, retry. Each is recorded through the same recorder
 * as a converge; the next pass acts on it.
 */
public final class Operations {

    private final PauseStore pauses;
    private final StackRecorder recorder;
    private final StackLocks locks;
    private final PassRequests requests;
    private final Clock clock;

    public Operations(PauseStore pauses, StackRecorder recorder, StackLocks locks, PassRequests requests, Clock clock) {
        this.pauses = pauses;
        this.recorder = recorder;
        this.locks = locks;
        this.requests = requests;
        this.clock = clock;
    }

    /**
     * The operator keeps its hands off the stack from the next pass on. The status says Paused at once, unless a
     * converge of the stack is under way: it stops before its next change, or, once it replaced a container, is
     * seen through (verified or rolled back); then the status says Paused.
     *
     * @param stack a stack name, or {@link PauseStore#ALL} for the whole host
     * @return false when a converge of the stack was under way
     */
    public boolean pause(String stack, String reason, String user) {
        PauseStore.Pause pause = new PauseStore.Pause(reason, Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(), user);
        pauses.pause(stack, pause);
        if (PauseStore.ALL.equals(stack)) {
            return true;
        }
        recorder.handsOnOff(stack, HistoryLog.PAUSE, reason);
        boolean idle = locks.tryLock(stack).map(held -> {
            try (held) {
                recordPaused(stack, pause);
            }
            return true;
        }).orElse(false);
        requests.request(stack);
        return idle;
    }

    /** For a caller that holds the stack's lock already. */
    void pauseHeld(String stack, String reason, String user) {
        PauseStore.Pause pause = new PauseStore.Pause(reason, Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(), user);
        pauses.pause(stack, pause);
        recorder.handsOnOff(stack, HistoryLog.PAUSE, reason);
        recordPaused(stack, pause);
    }

    /** @return true when the stack was paused here (a spec.paused in git stays until git changes) */
    public boolean resume(String stack) {
        // the resume line says which pause it lifts
        Optional<String> pauseReason = pauses.read(stack).map(PauseStore.Pause::reason);
        boolean lifted = pauses.resume(stack);
        if (lifted && !PauseStore.ALL.equals(stack)) {
            recorder.handsOnOff(stack, HistoryLog.RESUME, pauseReason.orElse(""));
            recorder.requested(stack, Reason.RESUMED, "the pause is lifted; the next pass converges " + stack);
            requests.request(stack);
        }
        return lifted;
    }

    /**
     * Clears the failed-version latch and any retry backoff, so the next pass tries the desired version now.
     *
     * @return the version that had failed, or empty when nothing was latched
     */
    public Optional<String> retry(String stack) {
        try (StackLocks.Held ignored = locks.lock(stack)) {
            StatusDraft draft = recorder.draft(stack);
            if (RestoreInterruption.reported(draft)) {
                // a person read that the restore was cut short, and takes it from here
                recorder.apply(draft, Transition.to(Phase.Progressing, Reason.RETRY_REQUESTED,
                        "the interrupted restore is set aside; the next pass converges " + stack));
                requests.request(stack);
                return Optional.of(String.valueOf(draft.currentVersion()));
            }
            if (draft.failedVersion() == null && draft.retry() == null) {
                return Optional.empty();
            }
            String version = draft.failedVersion() != null ? draft.failedVersion() : draft.desiredVersion();
            recorder.apply(draft, Transition.unchanged(draft).latch(null).retry(null));
            recorder.requested(stack, Reason.RETRY_REQUESTED, "the next pass tries " + version + " again");
            requests.request(stack);
            return Optional.of(version);
        }
    }

    private void recordPaused(String stack, PauseStore.Pause pause) {
        StatusDraft draft = recorder.draft(stack);
        recorder.apply(draft, Transition.to(Phase.Paused, Reason.PAUSED, PauseGate.describe(pause)));
    }
}
