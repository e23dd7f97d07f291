package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.gates.Gate;
import tokyo.seisei.operator.engine.gates.Intent;
import tokyo.seisei.operator.engine.gates.PromotionGate;
import tokyo.seisei.operator.engine.gates.StackContext;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.Planner;
import tokyo.seisei.operator.engine.plan.StackPlan;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.engine.smoke.SmokeResult;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.engine.status.HistoryLine;
import tokyo.seisei.operator.engine.status.OperationLog;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.engine.steps.Deployment;
import tokyo.seisei.operator.engine.hold.HoldPoints;
import tokyo.seisei.operator.engine.steps.Rollback;
import tokyo.seisei.operator.engine.steps.StepOutcome;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.OperationRecord;
import tokyo.seisei.operator.store.PauseStore;

/**
 * Settles an operation that a kill, a stop or an engine outage cut short, from its record and the engine's real
 * state, before anything else is done to the stack: a deploy whose containers all run is decided by its smoke,
 * run now; a deploy cut short halfway is put back, then converged as usual; a rollback under way is finished; a
 * restore under way is reported Failed. Nothing is called Ready without a smoke that ran on it.
 */
public final class ResumeGate implements Gate {

    static final String RESUMED = "resumed after restart";

    private final OperationLog operations;
    private final DesiredState desiredState;
    private final DockerEngine docker;
    private final PromotionGate promotion;
    private final SmokeRunner smoke;
    private final Rollback rollback;
    private final Verification verification;
    private final Remediation remediation;
    private final PauseStore pauses;
    private final Clock clock;
    private final Planner planner = new Planner();
    private final StackRenderer renderer = new StackRenderer();

    public ResumeGate(OperationLog operations, DesiredState desiredState, DockerEngine docker, PromotionGate promotion,
                      SmokeRunner smoke, Rollback rollback, Verification verification, Remediation remediation,
                      PauseStore pauses, Clock clock) {
        this.operations = operations;
        this.desiredState = desiredState;
        this.docker = docker;
        this.promotion = promotion;
        this.smoke = smoke;
        this.rollback = rollback;
        this.verification = verification;
        this.remediation = remediation;
        this.pauses = pauses;
        this.clock = clock;
    }

    @Override
    public Optional<Transition> check(StackContext stack) {
        Optional<OperationRecord> open = operations.open(stack.name());
        if (open.isEmpty()) {
            // a restore cut short keeps the stack Failed until a person restores again or runs retry
            return RestoreInterruption.reported(stack.draft()) ? Optional.of(Transition.unchanged(stack.draft())) : Optional.empty();
        }
        OperationRecord record = open.get();
        if (record.closedBy(stack.draft().lastOperation())) {
            return Optional.empty();
        }
        if (record.stage() == OperationRecord.Stage.RESTORING) {
            return Optional.of(RestoreInterruption.report(stack, record));
        }
        stack.resuming(record, OperationRecord.ROLLBACK.equals(record.kind())
                ? Intent.manualRollback(record.previousVersion()) : stack.intent());
        boolean heal = HistoryLog.HEAL.equals(record.action());
        Optional<DesiredStack> asRecorded = renderAsRecorded(stack.loaded(), record);
        DesiredStack desired = asRecorded.orElseGet(() -> DesiredStack.named(stack.name()));
        StackPlan plan = planner.plan(desired, docker.listStackContainers(stack.name()));
        Deployment deployment = new Deployment(plan, docker, clock, operations.of(record), stack.pins(), HoldPoints.NONE,
                record.replacements());
        if (record.stage() == OperationRecord.Stage.ROLLING_BACK) {
            return Optional.of(remediation.failed(stack, deployment, StepOutcome.failed(record.failureReason(),
                    record.failureMessage()), heal));
        }
        if (asRecorded.isPresent() && plan.changesNothing() && !record.replacements().isEmpty()) {
            return Optional.of(smokeNow(stack, deployment, heal));
        }
        return putBack(stack, deployment);
    }

    /** Every container of the version runs: its smoke, run now, decides. */
    private Transition smokeNow(StackContext stack, Deployment deployment, boolean heal) {
        SmokeResult verdict = smoke.run(deployment.desired(), deployment.desired().smoke());
        if (verdict.interrupted()) {
            stack.leaveOperationOpen();
            return Transition.to(Phase.Progressing, Reason.INTERRUPTED, verdict.message());
        }
        if (verdict.passed() && stack.intent().manual()) {
            pauses.pause(stack.name(), new PauseStore.Pause("manual rollback to " + deployment.desired().version() + " ("
                    + RESUMED + ")", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(), "operator"));
        }
        if (verdict.passed()) {
            return verification.verified(stack, deployment.plan(), heal, verdict.duration());
        }
        return remediation.failed(stack, deployment, StepOutcome.failed(Reason.SMOKE_FAILED, verdict.message()), heal);
    }

    /** Cut short halfway: what was replaced is put back, and the converge goes on from there. */
    private Optional<Transition> putBack(StackContext stack, Deployment deployment) {
        Rollback.Result undone = rollback.undo(deployment);
        if (undone.engineLost()) {
            stack.leaveOperationOpen();
            return Optional.of(Transition.to(Phase.Degraded, Reason.ENGINE_UNREACHABLE, "an interrupted deploy of "
                    + deployment.desired().version() + " waits for the engine to be put back: " + undone.problems()));
        }
        if (!undone.succeeded()) {
            String problems = String.join("; ", undone.problems());
            return Optional.of(Transition.to(Phase.Failed, Reason.ROLLBACK_FAILED, "an interrupted deploy could not be"
                    + " put back: " + problems + "; nothing more is changed until a person acts")
                    .record(HistoryLine.of(HistoryLog.ROLLBACK, stack.draft().currentVersion(), HistoryLog.FAIL, problems))
                    .latch(deployment.desired().version()));
        }
        stack.containers(docker.listStackContainers(stack.name()));
        return Optional.empty();
    }

    /** The desired state the operation was converging, when the file still says so. */
    private Optional<DesiredStack> renderAsRecorded(LoadedStack loaded, OperationRecord record) {
        if (!loaded.valid() || record.revision() == null || !record.revision().equals(loaded.revision())) {
            return Optional.empty();
        }
        LoadedStack asRecorded = record.version().equals(loaded.desiredVersion()) ? loaded
                : desiredState.atVersion(loaded, record.version());
        try {
            return Optional.of(renderer.render(asRecorded, promotion.decide(asRecorded.name(), asRecorded.document().spec()).pinnedImages()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
