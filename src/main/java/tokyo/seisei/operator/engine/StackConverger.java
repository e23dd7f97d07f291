package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.gates.Gate;
import tokyo.seisei.operator.engine.gates.Intent;
import tokyo.seisei.operator.engine.gates.StackContext;
import tokyo.seisei.operator.engine.plan.Planner;
import tokyo.seisei.operator.engine.plan.StackPlan;
import tokyo.seisei.operator.engine.status.OperationLog;
import tokyo.seisei.operator.engine.status.StackRecorder;
import tokyo.seisei.operator.engine.status.StatusDraft;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.engine.steps.Deployment;
import tokyo.seisei.operator.engine.hold.HoldPoints;
import tokyo.seisei.operator.engine.steps.Pipeline;
import tokyo.seisei.operator.engine.steps.PipelineRun;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.OperationRecord;
import tokyo.seisei.operator.store.ReleaseFiles;

/**
 * Brings one stack to its desired state: the gates first (pause, validity, promotion, render, latch, backoff),
 * each of which may end the converge; then the plan; then, if anything differs, the pipeline and its outcome;
 * then one transition, recorded in one place.
 */
public final class StackConverger {

    /** @param retry the stack met a transient failure and is tried again soon, on its own */
    public record Result(Phase phase, boolean retry) {
    }

    private final List<Gate> gates;
    private final Planner planner = new Planner();
    private final Pipeline pipeline;
    private final DeployOutcomes outcomes;
    private final StackRecorder recorder;
    private final ReleaseFiles releases;
    private final DockerEngine docker;
    private final OperationLog operations;
    private final HoldPoints holds;
    private final Clock clock;

    public StackConverger(List<Gate> gates, Pipeline pipeline, DeployOutcomes outcomes, StackRecorder recorder,
                          ReleaseFiles releases, DockerEngine docker, OperationLog operations, HoldPoints holds, Clock clock) {
        this.gates = List.copyOf(gates);
        this.pipeline = pipeline;
        this.outcomes = outcomes;
        this.recorder = recorder;
        this.releases = releases;
        this.docker = docker;
        this.operations = operations;
        this.holds = holds;
        this.clock = clock;
    }

    public Result converge(LoadedStack loaded, List<ContainerSummary> containers) {
        return converge(loaded, containers, Intent.DESIRED_STATE);
    }

    public Result converge(LoadedStack loaded, List<ContainerSummary> containers, Intent intent) {
        StatusDraft draft = recorder.draft(loaded.name());
        draft.observeVerified(releases.verified(loaded.name()).orElse(null));
        StackContext stack = new StackContext(loaded, containers, intent, draft);
        Transition end = firstStop(stack).orElseGet(() -> deploy(stack));
        recorder.apply(draft, stack.resumed() ? end.noted(ResumeGate.RESUMED) : end);
        if (!stack.operationPending()) {
            operations.closed(loaded.name());
        }
        return new Result(end.phase(), end.retryScheduled());
    }

    /** The first gate that ends the converge, in order; later gates are not asked. */
    private Optional<Transition> firstStop(StackContext stack) {
        for (Gate gate : gates) {
            Optional<Transition> stop = gate.check(stack);
            if (stop.isPresent()) {
                return stop;
            }
        }
        return Optional.empty();
    }

    private Transition deploy(StackContext stack) {
        StackPlan plan = planner.plan(stack.desired(), stack.containers());
        if (plan.changesNothing()) {
            return outcomes.upToDate(stack, plan);
        }
        StatusDraft draft = stack.draft();
        // containers of the running version brought back, with nothing of the desired state changed
        boolean heal = !stack.intent().manual() && plan.onlyHeals() && draft.sameRevision()
                && Objects.equals(draft.currentVersion(), stack.desired().version());
        OperationRecord begun = OperationRecord.begun(stack.intent().manual() ? OperationRecord.ROLLBACK : OperationRecord.DEPLOY,
                stack.name(), heal ? HistoryLog.HEAL : stack.intent().action(), stack.desired().version(),
                draft.currentVersion(), stack.desired().revision(), stack.forceReason(), now());
        Deployment deployment = new Deployment(plan, docker, clock, operations.of(begun), stack.pins(), holds, List.of());
        PipelineRun run = pipeline.run(deployment, recorder.steps(draft, plan.describe()));
        return outcomes.after(stack, deployment, run, heal);
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
