package tokyo.seisei.operator.engine;

import org.jboss.logging.Logger;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.gates.StackContext;
import tokyo.seisei.operator.engine.status.HistoryLine;
import tokyo.seisei.operator.engine.status.StatusDraft;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.engine.steps.Deployment;
import tokyo.seisei.operator.engine.steps.Rollback;
import tokyo.seisei.operator.engine.steps.StepOutcome;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.store.HistoryLog;

/**
 * A deploy that failed: recorded, the version latched, and, when it had replaced anything, the previous
 * containers put back. A rollback that fails leaves the stack Failed: nothing more is changed until a person acts.
 * A failed heal is tried again at the next pass (the engine may have been busy); a failed version is not.
 */
public final class Remediation {

    private static final Logger LOG = Logger.getLogger(Remediation.class);

    private final DockerEngine docker;
    private final Rollback rollback;

    public Remediation(DockerEngine docker, Rollback rollback) {
        this.docker = docker;
        this.rollback = rollback;
    }

    Transition failed(StackContext stack, Deployment deployment, StepOutcome outcome, boolean heal) {
        StatusDraft draft = stack.draft();
        String version = deployment.desired().version();
        String previous = draft.currentVersion();
        HistoryLine failure = HistoryLine.of(heal ? HistoryLog.HEAL : stack.intent().action(), version, HistoryLog.FAIL,
                outcome.message()).forcedBy(stack.forceReason());
        Transition end = Transition.to(Phase.Degraded, outcome.reason(), outcome.message())
                .record(heal ? failure.once() : failure);
        if (!heal && !stack.intent().manual()) {
            end = end.latch(version);
        }
        if (!deployment.replacements().isEmpty()) {
            end = rollBack(stack, deployment, end, previous);
        }
        return end.observed(stack.observedServices(docker.listStackContainers(stack.name()), docker));
    }

    private Transition rollBack(StackContext stack, Deployment deployment, Transition failed, String previous) {
        String version = deployment.desired().version();
        Rollback.Result undone = rollback.undo(deployment);
        LOG.infof("%s: rollback from %s %s in %d ms", stack.name(), version,
                undone.succeeded() ? "put the previous containers back" : "failed", undone.restoredIn().toMillis());
        if (undone.succeeded() && !undone.restoredAnything()) {
            return failed;
        }
        if (undone.succeeded()) {
            return failed.becomes(Phase.Degraded, failed.reason(), failed.message() + "; rolled back to " + previous)
                    .record(HistoryLine.of(HistoryLog.ROLLBACK, previous, HistoryLog.SUCCESS, "from " + version));
        }
        String problems = String.join("; ", undone.problems());
        return failed.becomes(Phase.Failed, Reason.ROLLBACK_FAILED, failed.message() + "; rollback failed: " + problems
                        + "; nothing more is changed until a person acts").latch(version)
                .record(HistoryLine.of(HistoryLog.ROLLBACK, previous, HistoryLog.FAIL, problems));
    }
}
