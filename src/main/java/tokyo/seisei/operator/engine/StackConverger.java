package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.source.Problem;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.PauseStore;
import tokyo.seisei.operator.store.ReleaseLedger;
import tokyo.seisei.operator.store.ReleaseFiles;

/**
 * Brings one stack to its desired state: refuse what is invalid, do nothing when nothing differs, otherwise
 * run the pipeline, then verify the new version or roll back to the previous one, and record where the
 * stack ended.
 */
public final class StackConverger {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(StackConverger.class);

    /** @param retry the stack met a transient failure and should be tried again soon */
    public record Result(Phase phase, boolean retry) {
    }

    private final DockerEngine docker;
    private final StackRenderer renderer = new StackRenderer();
    private final Planner planner = new Planner();
    private final Pipeline pipeline;
    private final StackRecorder recorder;
    private final ReleaseFiles releases;
    private final PauseStore pauses;
    private final Rollback rollback;
    private final PromotionGate promotionGate;
    private final ReleaseLedger ledger;
    private final Clock clock;
    private final int keepPrevious;

    public StackConverger(DockerEngine docker, Pipeline pipeline, StackRecorder recorder, ReleaseFiles releases,
                          PauseStore pauses, Rollback rollback, ReleaseLedger ledger, Clock clock, int keepPrevious) {
        this.docker = docker;
        this.pipeline = pipeline;
        this.recorder = recorder;
        this.releases = releases;
        this.pauses = pauses;
        this.rollback = rollback;
        this.ledger = ledger;
        this.promotionGate = new PromotionGate(ledger);
        this.clock = clock;
        this.keepPrevious = keepPrevious;
    }

    public Result converge(LoadedStack loaded, List<ContainerSummary> containers) {
        StatusDraft draft = recorder.draft(loaded.name());
        String previousRevision = draft.observedRevision;
        draft.environment = loaded.environment();
        draft.desiredVersion = loaded.desiredVersion();
        draft.observedRevision = loaded.revision();
        Optional<String> paused = pausedBecause(loaded);
        if (paused.isPresent()) {
            draft.services = StackServices.observed(containers, draft.services, null);
            draft.phase(Phase.Paused, Reason.PAUSED, paused.get());
            recorder.save(draft);
            return new Result(Phase.Paused, false);
        }
        if (!loaded.valid()) {
            return blocked(draft, containers, Reason.INVALID_SPEC, describe(loaded.errors()));
        }
        draft.verifiedVersion = releases.verified(loaded.name()).orElse(null);
        PromotionGate.Decision gate = promotionGate.decide(loaded.document().spec());
        draft.promotion = gate.from() == null ? null : new StackStatus.PromotionStatus(gate.from(), gate.verifiedThere(),
                gate.verifiedThere() ? null : gate.forced());
        if (!gate.open()) {
            return blocked(draft, containers, Reason.NOT_VERIFIED,
                    "version " + loaded.desiredVersion() + " is " + gate.blockedBecause(), gate.blockedBecause());
        }
        String forcedNote = gate.forced() == null ? "" : "FORCED: " + gate.forced();
        DesiredStack desired;
        try {
            desired = renderer.render(loaded, gate.pinnedImages());
        } catch (RuntimeException e) {
            return blocked(draft, containers, Reason.INVALID_SPEC, e.getMessage());
        }
        if (latched(draft, previousRevision)) {
            draft.services = StackServices.observed(containers, draft.services, null);
            draft.phase(draft.phase, draft.previousReason().orElse(Reason.VERSION_FAILED), draft.message);
            recorder.save(draft);
            return new Result(draft.phase, false);
        }
        StackPlan plan = planner.plan(desired, containers);
        if (plan.changesNothing()) {
            draft.currentVersion = desired.version();
            draft.failedVersion = null;
            draft.services = StackServices.observed(containers, draft.services, null);
            reportUndeclared(draft, plan);
            draft.phase(Phase.Ready, Reason.RECONCILED, "running " + desired.version());
            recorder.save(draft);
            return new Result(Phase.Ready, false);
        }
        boolean heal = plan.onlyHeals() && Objects.equals(draft.currentVersion, desired.version())
                && Objects.equals(previousRevision, desired.revision());
        Deployment deployment = new Deployment(plan, docker, clock, recorder.journal(desired), gate.pins());
        java.time.Duration[] smokeTook = {java.time.Duration.ZERO};
        StepOutcome outcome = pipeline.run(deployment, new Pipeline.Listener() {
            @Override
            public void stepStarted(String stack, String step) {
                recorder.stepStarted(stack, step);
            }

            @Override
            public void stepEnded(String stack, String step, StepOutcome outcome, java.time.Duration took) {
                recorder.stepEnded(stack, step, outcome, took);
                if (step.equals("Smoke")) {
                    smokeTook[0] = took;
                }
            }

            /** Progressing once something may change: a stack that stays blocked never flaps through it. */
            @Override
            public void changing(String stack) {
                draft.phase(Phase.Progressing, Reason.PROGRESSING, describe(plan));
                recorder.save(draft);
            }
        });
        Result result = switch (outcome.result()) {
            case DONE -> succeeded(draft, loaded, plan, heal, gate, smokeTook[0]);
            case BLOCKED -> blocked(draft, containers, outcome.reason(), outcome.message(), notes(forcedNote, outcome.message()));
            case RETRY -> deployment.replacements().isEmpty() ? retry(draft, outcome)
                    : failed(draft, deployment, outcome, heal, forcedNote);
            case FAILED -> failed(draft, deployment, outcome, heal, forcedNote);
        };
        recorder.journalDone(desired.name());
        return result;
    }

    private Result succeeded(StatusDraft draft, LoadedStack loaded, StackPlan plan, boolean heal,
                             PromotionGate.Decision gate, java.time.Duration smokeTook) {
        DesiredStack desired = plan.desired();
        List<ContainerSummary> after = stackContainers(desired.name());
        removeKeptBeyondLimit(desired, after);
        after = stackContainers(desired.name());
        draft.currentVersion = desired.version();
        draft.failedVersion = null;
        draft.services = StackServices.observed(after, draft.services, docker);
        reportUndeclared(draft, planner.plan(desired, after));
        releases.applied(desired.name(), loaded.file());
        if (!heal) {
            releases.verified(desired.name(), desired.version());
            draft.verifiedVersion = desired.version();
            ledger.append(desired.name(), new ReleaseLedger.Release(desired.version(), digests(draft.services),
                    desired.revision(), java.time.Instant.now(clock).toString(), smokeTook.toMillis() / 1000.0, gate.forced()));
        }
        String forcedNote = gate.forced() == null ? "" : "FORCED: " + gate.forced();
        recorder.finished(draft, heal ? HistoryLog.HEAL : HistoryLog.DEPLOY, desired.version(), HistoryLog.SUCCESS,
                heal ? describe(plan) : forcedNote);
        draft.phase(Phase.Ready, Reason.RECONCILED, "running " + desired.version());
        recorder.save(draft);
        return new Result(Phase.Ready, false);
    }

    /**
     * The deploy failed: record it, and when it had replaced anything, put the previous containers back.
     * A rollback that fails leaves the stack Failed, and the operator changes nothing more until a person acts.
     */
    private Result failed(StatusDraft draft, Deployment deployment, StepOutcome outcome, boolean heal, String forcedNote) {
        String version = deployment.desired().version();
        String previous = draft.currentVersion;
        String action = heal ? HistoryLog.HEAL : HistoryLog.DEPLOY;
        if (!heal || !StackRecorder.alreadyRecorded(draft, action, HistoryLog.FAIL)) {
            recorder.finished(draft, action, version, HistoryLog.FAIL, notes(forcedNote, outcome.message()));
        }
        // a failed heal is tried again at the next pass (the engine may have been busy); a failed version is not
        draft.failedVersion = heal ? null : version;
        Phase phase = Phase.Degraded;
        String reason = outcome.reason();
        String message = outcome.message();
        if (!deployment.replacements().isEmpty()) {
            Rollback.Result undone = rollback.undo(deployment);
            LOG.infof("%s: rollback from %s put the previous containers back in %d ms", desired(deployment), version,
                    undone.restoredIn().toMillis());
            if (undone.succeeded()) {
                if (undone.restoredAnything()) {
                    recorder.finished(draft, HistoryLog.ROLLBACK, previous, HistoryLog.SUCCESS, "from " + version);
                    message = message + "; rolled back to " + previous;
                }
            } else {
                String problems = String.join("; ", undone.problems());
                recorder.finished(draft, HistoryLog.ROLLBACK, previous, HistoryLog.FAIL, problems);
                phase = Phase.Failed;
                reason = Reason.ROLLBACK_FAILED;
                message = message + "; rollback failed: " + problems + "; nothing more is changed until a person acts";
            }
        }
        draft.services = StackServices.observed(stackContainers(deployment.desired().name()), draft.services, docker);
        draft.phase(phase, reason, message);
        recorder.save(draft);
        return new Result(phase, false);
    }

    private static String desired(Deployment deployment) {
        return deployment.desired().name();
    }

    private Result retry(StatusDraft draft, StepOutcome outcome) {
        draft.phase(Phase.Progressing, outcome.reason(), "will retry: " + outcome.message());
        recorder.save(draft);
        return new Result(Phase.Progressing, true);
    }

    /** A stack whose file is gone: its containers keep running and it is reported; nothing is deleted. */
    public Result reportOrphan(String stack, List<ContainerSummary> containers) {
        StatusDraft draft = recorder.draft(stack);
        Phase phase = draft.phase == null ? Phase.Ready : draft.phase;
        String message = "desired-state file " + stack + ".yaml is gone; its " + containers.size()
                + " container(s) are left running, nothing is deleted";
        draft.services = StackServices.observed(containers, draft.services, null);
        draft.condition(StackStatus.Condition.ORPHANED, Reason.ORPHANED, message);
        draft.phase(phase, Reason.ORPHANED, message);
        recorder.save(draft);
        return new Result(phase, false);
    }

    /** Something unforeseen broke the reconcile of this stack: say so in its status, and the next pass tries again. */
    void reportError(String stack, Exception error) {
        StatusDraft draft = recorder.draft(stack);
        draft.phase(Phase.Degraded, Reason.RECONCILE_ERROR, "reconcile failed: " + error + "; see the operator's log");
        recorder.save(draft);
    }

    private Result blocked(StatusDraft draft, List<ContainerSummary> containers, String reason, String message) {
        return blocked(draft, containers, reason, message, message);
    }

    /** @param notes the history line's notes, when they differ from the status message */
    private Result blocked(StatusDraft draft, List<ContainerSummary> containers, String reason, String message, String notes) {
        if (!StackRecorder.alreadyRecorded(draft, HistoryLog.DEPLOY, HistoryLog.BLOCKED)) {
            recorder.finished(draft, HistoryLog.DEPLOY, draft.desiredVersion, HistoryLog.BLOCKED, notes);
        }
        draft.services = StackServices.observed(containers, draft.services, null);
        draft.phase(Phase.Blocked, reason, message);
        recorder.save(draft);
        return new Result(Phase.Blocked, false);
    }

    /** Why the operator must keep its hands off the stack: a host-local pause, or spec.paused in git. */
    private Optional<String> pausedBecause(LoadedStack loaded) {
        Optional<String> local = pauses.pauseOf(loaded.name())
                .map(p -> "paused by " + p.user() + " since " + p.since() + ": " + p.reason());
        if (local.isPresent()) {
            return local;
        }
        boolean inGit = loaded.valid() && loaded.document().spec().pausedInGit();
        return inGit ? Optional.of("paused in git (spec.paused: true)") : Optional.empty();
    }

    /** A revision whose deploy failed is not tried again on its own: the desired state must change first. */
    private static boolean latched(StatusDraft draft, String previousRevision) {
        boolean stopped = draft.previousPhase() == Phase.Degraded || draft.previousPhase() == Phase.Failed;
        return stopped && draft.failedVersion != null && Objects.equals(previousRevision, draft.observedRevision);
    }

    /** Keeps the newest {@code keepPrevious} stopped previous containers of each service for rollback. */
    private void removeKeptBeyondLimit(DesiredStack desired, List<ContainerSummary> containers) {
        for (DesiredStack.DesiredService service : desired.services()) {
            KeptContainers.of(containers, service.name()).stream().skip(keepPrevious)
                    .forEach(old -> docker.removeContainer(old.id()));
        }
    }

    private List<ContainerSummary> stackContainers(String stack) {
        return docker.listManagedContainers().stream().filter(c -> stack.equals(c.label(ContainerLabels.STACK))).toList();
    }

    private void reportUndeclared(StatusDraft draft, StackPlan plan) {
        if (!plan.undeclared().isEmpty() && !plan.desired().prune()) {
            draft.condition("UndeclaredServices", Reason.UNDECLARED_SERVICES, "containers of services no longer declared are left running: "
                    + plan.undeclared().stream().map(ContainerSummary::name).collect(Collectors.joining(", "))
                    + " (spec.prune: true removes them)");
        }
    }

    /** History notes of a forced deploy begin with FORCED and its reason, for the weekly audit. */
    private static String notes(String forcedNote, String message) {
        return forcedNote.isEmpty() ? message : forcedNote + ": " + message;
    }

    /** By service, the image that runs as name@digest, as another stack can pin it. */
    private static java.util.Map<String, String> digests(List<StackStatus.ServiceStatus> services) {
        java.util.Map<String, String> digests = new java.util.TreeMap<>();
        services.stream().filter(s -> s.imageDigest() != null).forEach(s -> digests.put(s.name(),
                tokyo.seisei.operator.model.ImageReference.parse(s.image()).name() + "@" + s.imageDigest()));
        return digests;
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
