package tokyo.seisei.operator.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.ImageInfo;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.source.Problem;
import tokyo.seisei.operator.store.HistoryLog;

/**
 * Brings one stack to its desired state: refuse what is invalid, do nothing when nothing differs, otherwise
 * run the pipeline, and record where the stack ended.
 */
public final class StackConverger {

    /** @param retry the stack met a transient failure and should be tried again soon */
    public record Result(Phase phase, boolean retry) {
    }

    private final DockerEngine docker;
    private final StackRenderer renderer = new StackRenderer();
    private final Planner planner = new Planner();
    private final Pipeline pipeline;
    private final StackRecorder recorder;

    public StackConverger(DockerEngine docker, Pipeline pipeline, StackRecorder recorder) {
        this.docker = docker;
        this.pipeline = pipeline;
        this.recorder = recorder;
    }

    public Result converge(LoadedStack loaded, List<ContainerSummary> containers) {
        StatusDraft draft = recorder.draft(loaded.name());
        String previousRevision = draft.observedRevision;
        draft.environment = loaded.environment();
        draft.desiredVersion = loaded.desiredVersion();
        draft.observedRevision = loaded.revision();
        if (!loaded.valid()) {
            return blocked(draft, containers, Reason.INVALID_SPEC, describe(loaded.errors()));
        }
        DesiredStack desired;
        try {
            desired = renderer.render(loaded);
        } catch (RuntimeException e) {
            return blocked(draft, containers, Reason.INVALID_SPEC, e.getMessage());
        }
        if (latchedFailure(draft)) {
            draft.services = observed(containers, draft.services, false);
            recorder.save(draft);
            return new Result(draft.phase, false);
        }
        StackPlan plan = planner.plan(desired, containers);
        if (plan.changesNothing()) {
            draft.currentVersion = desired.version();
            draft.services = observed(containers, draft.services, false);
            reportUndeclared(draft, plan);
            draft.phase(Phase.Ready, Reason.RECONCILED, "running " + desired.version());
            recorder.save(draft);
            return new Result(Phase.Ready, false);
        }
        boolean heal = plan.onlyHeals() && Objects.equals(draft.currentVersion, desired.version())
                && Objects.equals(previousRevision, desired.revision());
        draft.phase(Phase.Progressing, Reason.PROGRESSING, describe(plan));
        recorder.save(draft);

        StepOutcome outcome = pipeline.run(new Deployment(plan, docker), recorder);

        List<ContainerSummary> after = docker.listManagedContainers().stream()
                .filter(c -> desired.name().equals(c.label(ContainerLabels.STACK))).toList();
        draft.services = observed(after, draft.services, true);
        reportUndeclared(draft, planner.plan(desired, after));
        return switch (outcome.result()) {
            case DONE -> {
                draft.currentVersion = desired.version();
                recorder.finished(draft, heal ? HistoryLog.HEAL : HistoryLog.DEPLOY, desired.version(), HistoryLog.SUCCESS,
                        heal ? describe(plan) : "");
                draft.phase(Phase.Ready, Reason.RECONCILED, "running " + desired.version());
                recorder.save(draft);
                yield new Result(Phase.Ready, false);
            }
            case BLOCKED -> blocked(draft, after, outcome.reason(), outcome.message());
            case FAILED -> {
                recorder.finished(draft, heal ? HistoryLog.HEAL : HistoryLog.DEPLOY, desired.version(), HistoryLog.FAIL,
                        outcome.message());
                draft.phase(Phase.Degraded, outcome.reason(), outcome.message());
                recorder.save(draft);
                yield new Result(Phase.Degraded, false);
            }
            case RETRY -> {
                draft.phase(Phase.Progressing, outcome.reason(), "will retry: " + outcome.message());
                recorder.save(draft);
                yield new Result(Phase.Progressing, true);
            }
        };
    }

    /** A stack whose file is gone: its containers keep running and it is reported; nothing is deleted. */
    public Result reportOrphan(String stack, List<ContainerSummary> containers) {
        StatusDraft draft = recorder.draft(stack);
        Phase phase = draft.phase == null ? Phase.Ready : draft.phase;
        String message = "desired-state file " + stack + ".yaml is gone; its " + containers.size()
                + " container(s) are left running, nothing is deleted";
        draft.services = observed(containers, draft.services, false);
        draft.condition(StackStatus.Condition.ORPHANED, Reason.ORPHANED, message);
        draft.phase(phase, Reason.ORPHANED, message);
        recorder.save(draft);
        return new Result(phase, false);
    }

    private Result blocked(StatusDraft draft, List<ContainerSummary> containers, String reason, String message) {
        if (!StackRecorder.alreadyRecorded(draft, HistoryLog.DEPLOY, HistoryLog.BLOCKED)) {
            recorder.finished(draft, HistoryLog.DEPLOY, draft.desiredVersion, HistoryLog.BLOCKED, message);
        }
        draft.services = observed(containers, draft.services, false);
        draft.phase(Phase.Blocked, reason, message);
        recorder.save(draft);
        return new Result(Phase.Blocked, false);
    }

    /** A revision that failed is not tried again on its own: the desired state must change first. */
    private static boolean latchedFailure(StatusDraft draft) {
        StackStatus.Operation last = draft.lastOperation;
        return draft.previousPhase() == Phase.Degraded && last != null
                && StackRecorder.alreadyRecorded(draft, last.action(), HistoryLog.FAIL);
    }

    private void reportUndeclared(StatusDraft draft, StackPlan plan) {
        if (!plan.undeclared().isEmpty() && !plan.desired().prune()) {
            draft.condition("UndeclaredServices", Reason.UNDECLARED_SERVICES, "containers of services no longer declared are left running: "
                    + plan.undeclared().stream().map(ContainerSummary::name).collect(Collectors.joining(", "))
                    + " (spec.prune: true removes them)");
        }
    }

    /**
     * Services as they run now. Image digests are looked up only after a change; otherwise they are carried
     * over, so a pass that changes nothing costs no extra engine request.
     */
    private List<StackStatus.ServiceStatus> observed(List<ContainerSummary> containers,
                                                     List<StackStatus.ServiceStatus> previous, boolean lookUpDigests) {
        Map<String, StackStatus.ServiceStatus> before = previous == null ? Map.of()
                : previous.stream().filter(s -> s.containerId() != null)
                .collect(Collectors.toMap(StackStatus.ServiceStatus::containerId, Function.identity(), (a, b) -> a));
        return containers.stream()
                .sorted(java.util.Comparator.comparing(c -> String.valueOf(c.label(ContainerLabels.SERVICE))))
                .map(c -> {
                    StackStatus.ServiceStatus old = before.get(c.id());
                    String digest = lookUpDigests || old == null ? digestOf(c.image(), lookUpDigests)
                            : old.imageDigest();
                    return new StackStatus.ServiceStatus(c.label(ContainerLabels.SERVICE), c.name(), c.id(), c.image(),
                            digest, c.state(), c.health());
                }).toList();
    }

    private String digestOf(String image, boolean lookUp) {
        if (!lookUp) {
            return null;
        }
        return docker.inspectImage(image).map(ImageInfo::repoDigests).filter(d -> !d.isEmpty())
                .map(d -> d.get(0).substring(d.get(0).indexOf('@') + 1)).orElse(null);
    }

    private static String describe(List<Problem> errors) {
        String first = errors.get(0).toString();
        return errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more; run stackctl validate)";
    }

    private static String describe(StackPlan plan) {
        return plan.changes().stream().map(a -> a.kind().name().toLowerCase() + " " + a.service().name() + " (" + a.why() + ")")
                .collect(Collectors.joining(", "));
    }
}
