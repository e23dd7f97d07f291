package tokyo.seisei.operator.engine.gates;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.PinnedImage;
import tokyo.seisei.operator.engine.plan.StackPlan;
import tokyo.seisei.operator.engine.plan.StackServices;
import tokyo.seisei.operator.engine.status.HistoryLine;
import tokyo.seisei.operator.engine.status.StatusDraft;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.StackStatus.ServiceStatus;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.OperationRecord;

/**
 * What one converge of a stack knows as it goes: the desired state, why it is converged, the status it started
 * from, its containers, and what the gates found (the promotion decision, the rendered stack).
 */
public final class StackContext {

    private final LoadedStack loaded;
    private final Intent intent;
    private final StatusDraft draft;
    private List<ContainerSummary> containers;
    private PromotionGate.Decision promotion = PromotionGate.Decision.NO_GATE;
    private DesiredStack desired;
    private OperationRecord resumed;
    private Intent resumedIntent;
    private boolean operationPending;

    public StackContext(LoadedStack loaded, List<ContainerSummary> containers, Intent intent, StatusDraft draft) {
        this.loaded = loaded;
        this.containers = containers;
        this.intent = intent;
        this.draft = draft;
        draft.observe(loaded.environment(), loaded.desiredVersion(), loaded.revision(), loaded.secretValues(), loaded.source());
    }

    public LoadedStack loaded() {
        return loaded;
    }

    public String name() {
        return loaded.name();
    }

    public Intent intent() {
        return resumedIntent != null ? resumedIntent : intent;
    }

    /** An operation cut short by a restart is settled in this converge; its history lines say so. */
    public void resuming(OperationRecord record, Intent as) {
        this.resumed = record;
        this.resumedIntent = as;
    }

    public boolean resumed() {
        return resumed != null;
    }

    /** The operation is not over (a rollback waits for the engine, the operator stops): its record stays. */
    public void leaveOperationOpen() {
        operationPending = true;
    }

    public boolean operationPending() {
        return operationPending;
    }

    public StatusDraft draft() {
        return draft;
    }

    public List<ContainerSummary> containers() {
        return containers;
    }

    public void containers(List<ContainerSummary> now) {
        this.containers = now;
    }

    public PromotionGate.Decision promotion() {
        return promotion;
    }

    void promotion(PromotionGate.Decision decision) {
        this.promotion = decision;
    }

    /** The stack rendered for the engine; set by the render gate. */
    public DesiredStack desired() {
        return desired;
    }

    void desired(DesiredStack rendered) {
        this.desired = rendered;
    }

    /** By service: the images pinned to what the promotion source verified. */
    public Map<String, PinnedImage> pins() {
        return promotion.pins();
    }

    /** The reason of the force that takes this version past the promotion gate, or null. */
    public String forceReason() {
        return promotion.forced() != null || resumed == null ? promotion.forced() : resumed.forceReason();
    }

    /** The services as the containers listed show them; digests carried over, so it costs no engine request. */
    public List<ServiceStatus> observedServices() {
        return StackServices.observed(containers, draft.services(), null);
    }

    /** The services as the containers show them now, with the digests of their images looked up. */
    public List<ServiceStatus> observedServices(List<ContainerSummary> now, DockerEngine docker) {
        return StackServices.observed(now, draft.services(), docker);
    }

    /** Refused before anything was touched: Blocked, with one history line per revision. */
    public Transition blocked(String reason, String message, String notes) {
        return Transition.to(Phase.Blocked, reason, message).observed(observedServices())
                .record(HistoryLine.of(HistoryLog.DEPLOY, draft.desiredVersion(), HistoryLog.BLOCKED, notes).forcedBy(forceReason()).once());
    }

    /** Ready, running the desired version; containers of services no longer declared, and not pruned, are reported. */
    public Transition ready(StackPlan plan) {
        DesiredStack desired = plan.desired();
        Transition ready = Transition.to(Phase.Ready, Reason.RECONCILED, "running " + desired.version())
                .running(desired.version());
        if (!plan.takeover().leftAlone().isEmpty()) {
            ready = ready.condition(Reason.COMPOSE_LEFT_ALONE, Reason.COMPOSE_LEFT_ALONE,
                    "containers docker compose made for services this stack does not declare are left alone: "
                            + plan.takeover().describeLeftAlone());
        }
        if (plan.undeclared().isEmpty() || desired.prune()) {
            return ready;
        }
        return ready.condition(Reason.UNDECLARED_SERVICES, Reason.UNDECLARED_SERVICES,
                "containers of services no longer declared are left running: "
                        + plan.undeclared().stream().map(ContainerSummary::name).collect(Collectors.joining(", "))
                        + " (spec.prune: true removes them)");
    }
}
