package tokyo.seisei.operator.engine;

import java.util.List;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.engine.plan.StackServices;
import tokyo.seisei.operator.engine.status.StackRecorder;
import tokyo.seisei.operator.engine.status.StatusDraft;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.StackStatus;

/** What is said of a stack that is not converged: its file is gone, or its reconcile broke. */
public final class StackReports {

    private final StackRecorder recorder;

    public StackReports(StackRecorder recorder) {
        this.recorder = recorder;
    }

    /** A stack whose file is gone: its containers keep running and it is reported; nothing is deleted. */
    StackConverger.Result orphan(String stack, List<ContainerSummary> containers) {
        StatusDraft draft = recorder.draft(stack);
        Phase phase = draft.phase() == null ? Phase.Ready : draft.phase();
        String message = "desired-state file " + stack + ".yaml is gone; its " + containers.size()
                + " container(s) are left running, nothing is deleted";
        recorder.apply(draft, Transition.to(phase, Reason.ORPHANED, message)
                .observed(StackServices.observed(containers, draft.services(), null))
                .condition(StackStatus.Condition.ORPHANED, Reason.ORPHANED, message));
        return new StackConverger.Result(phase, false);
    }

    /**
     * The engine cannot be reached: nothing can be known or changed of the stack. Its phase stays; the reason says
     * why nothing moves, and the Ready condition's time since when.
     */
    StackConverger.Result engineLost(String stack, String why) {
        StatusDraft draft = recorder.draft(stack);
        if (draft.phase() == null) {
            return new StackConverger.Result(Phase.Progressing, true);
        }
        recorder.apply(draft, Transition.to(draft.phase(), Reason.ENGINE_UNREACHABLE, "the Docker engine cannot be reached"
                + " (" + why + "); nothing is known or changed until it answers"));
        return new StackConverger.Result(draft.phase(), true);
    }

    /** Something unforeseen broke the reconcile of this stack: its status says so, and the next pass tries again. */
    StackConverger.Result error(String stack, Exception error) {
        recorder.apply(recorder.draft(stack), Transition.to(Phase.Degraded, Reason.RECONCILE_ERROR,
                "reconcile failed: " + error + "; see the operator's log"));
        return new StackConverger.Result(Phase.Degraded, false);
    }
}
