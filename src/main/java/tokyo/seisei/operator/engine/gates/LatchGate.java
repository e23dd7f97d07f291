package tokyo.seisei.operator.engine.gates;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.engine.plan.KeptContainers;
import tokyo.seisei.operator.engine.smoke.SmokeResult;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.engine.status.HistoryLine;
import tokyo.seisei.operator.engine.status.StatusDraft;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.store.HistoryLog;

/**
 * A version whose deploy failed is not tried again on its own: the desired state must change, or a person runs
 * {@code stackctl retry}. Meanwhile the version rolled back to keeps running: a container of it that stopped is
 * started again, as the engine itself would, and must then pass the containers' smoke (running, healthy, for the
 * stability window) before the history says the heal succeeded; one that does not stay up either leaves the stack
 * Failed, and nothing is started again. After a failed rollback nothing is touched.
 */
public record LatchGate(DockerEngine docker, SmokeRunner smoke) implements Gate {

    private static final Logger LOG = Logger.getLogger(LatchGate.class);

    @Override
    public Optional<Transition> check(StackContext stack) {
        StatusDraft draft = stack.draft();
        if (stack.intent().manual() || !latched(draft)) {
            return Optional.empty();
        }
        boolean rollbackFailed = draft.phase() == Phase.Failed || lastWasFailedRollback(draft.lastOperation());
        Map<String, String> startedAs = rollbackFailed ? Map.of() : startStopped(stack);
        List<String> started = List.copyOf(startedAs.keySet());
        if (!started.isEmpty()) {
            SmokeResult verdict = smoke.run(stack.desired().containersOnly(startedAs), null);
            stack.containers(docker.listStackContainers(stack.name()));
            if (!verdict.passed() && !verdict.interrupted()) {
                return Optional.of(Transition.to(Phase.Failed, Reason.ROLLBACK_FAILED, "version " + draft.currentVersion()
                        + ", rolled back to after " + draft.failedVersion() + " failed, does not stay up either: "
                        + verdict.message() + "; nothing more is changed until a person acts (change the desired state,"
                        + " or stackctl retry " + stack.name() + ")")
                        .record(HistoryLine.of(HistoryLog.HEAL, draft.currentVersion(), HistoryLog.FAIL,
                                "start " + String.join(", ", started) + ": " + verdict.message()))
                        .observed(stack.observedServices()));
            }
            if (verdict.interrupted()) {
                started = List.of(); // the operator stops: the next start looks again
            }
        }
        // after a pause and resume the stack is still where the failure left it: Failed stays, all else is Degraded
        boolean settled = draft.phase() == Phase.Failed || draft.phase() == Phase.Degraded;
        Transition latched = rollbackFailed
                ? Transition.to(Phase.Failed, Reason.ROLLBACK_FAILED, settled ? draft.message()
                        : "the rollback from " + draft.failedVersion() + " failed; nothing more is changed until a person"
                        + " acts (change the desired state, or stackctl retry " + stack.name() + ")")
                : Transition.to(Phase.Degraded, keptReason(draft), settled ? draft.message()
                        : "version " + draft.failedVersion() + " failed; change the desired state or run stackctl retry "
                        + stack.name());
        if (!started.isEmpty()) {
            latched = latched.record(HistoryLine.of(HistoryLog.HEAL, draft.currentVersion(), HistoryLog.SUCCESS,
                    "start " + String.join(", ", started)));
        }
        return Optional.of(latched.observed(stack.observedServices()));
    }

    /** True when the failed version is still what the desired state asks for. */
    public static boolean latched(StatusDraft draft) {
        return draft.failedVersion() != null && draft.sameRevision();
    }

    private static boolean lastWasFailedRollback(StackStatus.Operation last) {
        return last != null && HistoryLog.ROLLBACK.equals(last.action()) && HistoryLog.FAIL.equals(last.result());
    }

    private static String keptReason(StatusDraft draft) {
        return draft.reason() == null || Reason.PAUSED.equals(draft.reason()) ? Reason.VERSION_FAILED : draft.reason();
    }

    /** Starts the stopped containers of declared services; @return the services started, with their containers' names. */
    private Map<String, String> startStopped(StackContext stack) {
        Map<String, String> started = new LinkedHashMap<>();
        stack.containers().stream().filter(c -> !KeptContainers.isKept(c)).filter(c -> !c.alive())
                .filter(c -> stack.desired().service(String.valueOf(ContainerLabels.serviceOf(c))) != null)
                .forEach(container -> {
                    try {
                        docker.startContainer(container.id());
                        started.put(ContainerLabels.serviceOf(container), container.name());
                    } catch (DockerFailure e) {
                        LOG.warnf("%s: cannot start %s again: %s", stack.name(), container.name(), e.getMessage());
                    }
                });
        return started;
    }
}
