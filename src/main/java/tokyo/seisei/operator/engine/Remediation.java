package tokyo.seisei.operator.engine;

import org.jboss.logging.Logger;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.gates.StackContext;
import tokyo.seisei.operator.engine.status.HistoryLine;
import tokyo.seisei.operator.engine.status.StackRecorder;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.engine.steps.Deployment;
import tokyo.seisei.operator.engine.steps.Rollback;
import tokyo.seisei.operator.engine.steps.StepOutcome;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.store.FailedLogs;
import tokyo.seisei.operator.store.HistoryLog;

/**
 * A deploy that failed: recorded, and, when it had replaced anything, the previous containers put back, once what
 * the failed containers said is kept ({@link FailureEvidence}). The version is latched only for its own failure
 * (its smoke, its start, its pull), never for the engine's outage.
 * A rollback that fails leaves the stack Failed: nothing more is changed until a person acts; one that the
 * engine's outage cut short is tried again when the engine is back. A failed heal is tried again at the next pass.
 */
public final class Remediation {

    private static final Logger LOG = Logger.getLogger(Remediation.class);

    private final DockerEngine docker;
    private final Rollback rollback;
    private final FailedLogs failedLogs;
    private final StackRecorder recorder;

    /** @param failedLogs where the logs of the failed version's containers are kept; recorder journals that they were */
    public Remediation(DockerEngine docker, Rollback rollback, FailedLogs failedLogs, StackRecorder recorder) {
        this.docker = docker;
        this.rollback = rollback;
        this.failedLogs = failedLogs;
        this.recorder = recorder;
    }

    Transition failed(StackContext stack, Deployment deployment, StepOutcome outcome, boolean heal) {
        String version = deployment.desired().version();
        // an engine gone or a state folder that refused a write is not the version's fault: it is not latched
        boolean atFault = !Reason.ENGINE_UNREACHABLE.equals(outcome.reason()) && !Reason.RECONCILE_ERROR.equals(outcome.reason());
        HistoryLine failure = HistoryLine.of(heal ? HistoryLog.HEAL : stack.intent().action(), version, HistoryLog.FAIL,
                outcome.message()).forcedBy(stack.forceReason());
        Transition end = Transition.to(Phase.Degraded, outcome.reason(), outcome.message())
                .record(heal ? failure.once() : failure);
        if (!heal && !stack.intent().manual() && atFault) {
            end = end.latch(version);
        }
        if (!deployment.replacements().isEmpty()) {
            deployment.failing(outcome.reason(), outcome.message(), atFault);
            end = rollBack(stack, deployment, end);
        }
        return end.observed(stack.observedServices(docker.listStackContainers(stack.name()), docker));
    }

    private Transition rollBack(StackContext stack, Deployment deployment, Transition failed) {
        String version = deployment.desired().version();
        String previous = stack.draft().currentVersion();
        FailureEvidence evidence = new FailureEvidence(failedLogs, recorder, stack.draft(), stack.name());
        Rollback.Result undone = rollback.undo(deployment, evidence);
        LOG.infof("%s: rollback from %s %s in %d ms", stack.name(), version,
                undone.succeeded() ? "put the previous containers back" : "failed", undone.restoredIn().toMillis());
        if (undone.interrupted()) {
            // the previous containers are back, but their smoke gave no verdict: the next start finishes the rollback
            stack.leaveOperationOpen();
            return Transition.to(Phase.Progressing, Reason.INTERRUPTED, failed.message() + "; rolled back to " + previous
                    + ", whose smoke was cut short by the operator's stop");
        }
        if (undone.succeeded()) {
            if (!undone.restoredAnything()) {
                return failed.becomes(failed.phase(), failed.reason(), failed.message() + evidence.excerpt());
            }
            return failed.becomes(Phase.Degraded, failed.reason(), failed.message() + "; rolled back to " + previous
                    + evidence.excerpt())
                    .record(HistoryLine.of(HistoryLog.ROLLBACK, previous, HistoryLog.SUCCESS, "from " + version));
        }
        String problems = String.join("; ", undone.problems());
        if (undone.engineLost()) {
            // nothing is closed yet: the rollback goes on from its record once the engine answers again
            stack.leaveOperationOpen();
            Transition waiting = Transition.to(Phase.Degraded, Reason.ENGINE_UNREACHABLE, failed.message() + "; the rollback to "
                    + previous + " waits for the engine: " + problems);
            return deployment.versionAtFault() ? waiting.latch(version) : waiting;
        }
        return failed.becomes(Phase.Failed, Reason.ROLLBACK_FAILED, failed.message() + evidence.excerpt()
                        + "; rollback failed: " + problems + "; nothing more is changed until a person acts").latch(version)
                .record(HistoryLine.of(HistoryLog.ROLLBACK, previous, HistoryLog.FAIL, problems));
    }
}
