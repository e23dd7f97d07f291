package tokyo.seisei.operator.engine.status;

import java.util.Objects;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.engine.steps.Pipeline;
import tokyo.seisei.operator.engine.steps.StepName;
import tokyo.seisei.operator.engine.steps.StepOutcome;
import tokyo.seisei.operator.engine.steps.StepResult;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.store.EventJournal;

/**
 * Records one deploy's steps as the pipeline runs them: each step's start in the log, its end in the events
 * journal and the metrics, and the stack Progressing before the first step that may change something, so a
 * stack that stays blocked never flaps through it.
 */
final class StepRecording implements Pipeline.Listener {

    private static final Logger LOG = Logger.getLogger(StepRecording.class);

    private final StackRecorder recorder;
    private final StatusDraft draft;
    private final String change;
    private final EventJournal events;
    private final OperatorEvents listeners;

    StepRecording(StackRecorder recorder, StatusDraft draft, String change, EventJournal events, OperatorEvents listeners) {
        this.recorder = recorder;
        this.draft = draft;
        this.change = change;
        this.events = events;
        this.listeners = listeners;
    }

    @Override
    public void stepStarted(String stack, StepName step) {
        LOG.infof("%s: step %s", stack, step);
    }

    @Override
    public void stepEnded(String stack, StepResult result) {
        StepOutcome outcome = result.outcome();
        if (stillBlocked(outcome)) {
            return; // a check that keeps refusing for the same reason is journalled once, not every poll
        }
        StepOutcome redacted = new StepOutcome(outcome.result(), outcome.reason(), draft.redact(outcome.message()));
        events.record(stack, result.step().label(), outcome.done() ? result.step().label() + "Done"
                : String.valueOf(outcome.result()), outcome.reason(), redacted.message(), result.took(), draft.forceReason != null,
                draft.commitSeen());
        listeners.stepFinished(stack, new StepResult(result.step(), redacted, result.took()));
    }

    @Override
    public void changing(String stack) {
        recorder.apply(draft, Transition.to(Phase.Progressing, Reason.PROGRESSING, change));
    }

    private boolean stillBlocked(StepOutcome outcome) {
        return draft.phase == Phase.Blocked && outcome.result() == StepOutcome.Result.BLOCKED
                && Objects.equals(draft.redact(draft.blockedMessage(outcome.message())), draft.message);
    }
}
