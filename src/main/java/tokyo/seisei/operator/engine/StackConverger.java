package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
    private final PromotionGate promotionGate;
    private final StackOutcomes outcomes;
    private final Clock clock;

    public StackConverger(DockerEngine docker, Pipeline pipeline, StackRecorder recorder, ReleaseFiles releases,
                          PauseStore pauses, Rollback rollback, ReleaseLedger ledger, Clock clock, int keepPrevious) {
        this.docker = docker;
        this.pipeline = pipeline;
        this.recorder = recorder;
        this.releases = releases;
        this.pauses = pauses;
        this.promotionGate = new PromotionGate(ledger);
        this.outcomes = new StackOutcomes(docker, recorder, releases, ledger, rollback, clock, keepPrevious);
        this.clock = clock;
    }

    /**
     * What {@link #converge} would do, changing nothing: the plan, with promotion pins, or why the stack is held
     * back (paused, not verified on its promotion source, a failed version latched).
     */
    public record Preview(StackPlan plan, String heldBack) {
    }

    public Preview preview(LoadedStack loaded, List<ContainerSummary> containers) {
        Optional<String> paused = pausedBecause(loaded);
        if (paused.isPresent()) {
            return new Preview(null, paused.get());
        }
        PromotionGate.Decision gate = promotionGate.decide(loaded.document().spec());
        if (!gate.open()) {
            return new Preview(null, "version " + loaded.desiredVersion() + " is " + gate.blockedBecause());
        }
        StatusDraft draft = recorder.draft(loaded.name());
        if (draft.failedVersion != null && Objects.equals(draft.observedRevision, loaded.revision())) {
            return new Preview(null, "version " + draft.failedVersion + " failed; change the desired state or run stackctl retry "
                    + loaded.name());
        }
        return new Preview(planner.plan(renderer.render(loaded, gate.pinnedImages()), containers), null);
    }

    /** A stack whose file is gone: its containers keep running and it is reported; nothing is deleted. */
    public Result reportOrphan(String stack, List<ContainerSummary> containers) {
        return outcomes.reportOrphan(stack, containers);
    }

    void reportPaused(String stack, String message) {
        outcomes.reportPaused(stack, message);
    }

    void reportError(String stack, Exception error) {
        outcomes.reportError(stack, error);
    }

    /**
     * Why a stack is converged: the desired state in git, or a person's manual rollback to another version,
     * which goes through the same pipeline but is recorded as a rollback and ignores pause and latch.
     *
     * @param note the history notes of its success
     */
    public record Intent(String action, String note, boolean manual) {
        public static final Intent DESIRED_STATE = new Intent(HistoryLog.DEPLOY, "", false);

        public static Intent manualRollback(String fromVersion) {
            return new Intent(HistoryLog.ROLLBACK, "manual, from " + fromVersion, true);
        }
    }

    public Result converge(LoadedStack loaded, List<ContainerSummary> containers) {
        return converge(loaded, containers, Intent.DESIRED_STATE);
    }

    public Result converge(LoadedStack loaded, List<ContainerSummary> containers, Intent intent) {
        StatusDraft draft = recorder.draft(loaded.name());
        String previousRevision = draft.observedRevision;
        draft.environment = loaded.environment();
        draft.desiredVersion = loaded.desiredVersion();
        draft.secretValues = loaded.secretValues();
        Optional<String> paused = intent.manual() ? Optional.empty() : pausedBecause(loaded);
        if (paused.isPresent()) {
            // the revision is not taken as observed while paused: a fix pushed meanwhile still lifts a latch on resume
            draft.services = StackServices.observed(containers, draft.services, null);
            draft.phase(Phase.Paused, Reason.PAUSED, paused.get());
            recorder.save(draft);
            return new Result(Phase.Paused, false);
        }
        draft.observedRevision = loaded.revision();
        if (!loaded.valid()) {
            return outcomes.blocked(draft, containers, Reason.INVALID_SPEC, describe(loaded.errors()));
        }
        draft.verifiedVersion = releases.verified(loaded.name()).orElse(null);
        PromotionGate.Decision gate = promotionGate.decide(loaded.document().spec());
        draft.promotion = gate.from() == null ? null : new StackStatus.PromotionStatus(gate.from(), gate.verifiedThere(),
                gate.verifiedThere() ? null : gate.forced());
        if (!gate.open()) {
            return outcomes.blocked(draft, containers, Reason.NOT_VERIFIED,
                    "version " + loaded.desiredVersion() + " is " + gate.blockedBecause(), gate.blockedBecause());
        }
        String forcedNote = gate.forced() == null ? "" : "FORCED: " + gate.forced();
        DesiredStack desired;
        try {
            desired = renderer.render(loaded, gate.pinnedImages());
        } catch (RuntimeException e) {
            return outcomes.blocked(draft, containers, Reason.INVALID_SPEC, e.getMessage());
        }
        if (!intent.manual() && latched(draft, previousRevision)) {
            // after a pause and resume the stack is still where the failure left it: Failed stays, all else is Degraded
            boolean failed = draft.phase == Phase.Failed || draft.lastOperation != null
                    && HistoryLog.ROLLBACK.equals(draft.lastOperation.action()) && HistoryLog.FAIL.equals(draft.lastOperation.result());
            if (!failed) {
                containers = outcomes.restartStopped(draft, containers, desired);
            }
            draft.services = StackServices.observed(containers, draft.services, null);
            draft.phase(failed ? Phase.Failed : Phase.Degraded,
                    failed ? Reason.ROLLBACK_FAILED : draft.previousReason().filter(r -> !r.equals(Reason.PAUSED)).orElse(Reason.VERSION_FAILED),
                    draft.phase == Phase.Failed || draft.phase == Phase.Degraded ? draft.message
                            : failed ? "the rollback from " + draft.failedVersion + " failed; nothing more is changed until a"
                            + " person acts (change the desired state, or stackctl retry " + draft.stack + ")"
                            : "version " + draft.failedVersion + " failed; change the desired state or run stackctl retry "
                            + draft.stack);
            recorder.save(draft);
            return new Result(draft.phase, false);
        }
        if (!intent.manual() && backingOff(draft, previousRevision)) {
            return new Result(Phase.Progressing, false);
        }
        StackPlan plan = planner.plan(desired, containers);
        if (plan.changesNothing()) {
            draft.currentVersion = desired.version();
            draft.failedVersion = null;
            draft.services = StackServices.observed(containers, draft.services, null);
            outcomes.reportUndeclared(draft, plan);
            draft.phase(Phase.Ready, Reason.RECONCILED, "running " + desired.version());
            recorder.save(draft);
            return new Result(Phase.Ready, false);
        }
        boolean heal = !intent.manual() && plan.onlyHeals() && Objects.equals(draft.currentVersion, desired.version())
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
                boolean stillBlocked = draft.phase == Phase.Blocked && outcome.result() == StepOutcome.Result.BLOCKED
                        && Objects.equals(outcome.message(), draft.message);
                if (!stillBlocked) { // a check that keeps refusing for the same reason is journaled once, not every poll
                    recorder.stepEnded(stack, step, new StepOutcome(outcome.result(), outcome.reason(),
                            tokyo.seisei.operator.model.Secrets.redact(outcome.message(), draft.secretValues)), took);
                }
                if (step.equals("Smoke")) {
                    smokeTook[0] = took;
                }
            }

            /** Progressing once something may change: a stack that stays blocked never flaps through it. */
            @Override
            public void changing(String stack) {
                draft.phase(Phase.Progressing, Reason.PROGRESSING, plan.describe());
                recorder.save(draft);
            }
        });
        Result result = switch (outcome.result()) {
            case DONE -> outcomes.succeeded(draft, loaded, plan, heal, gate, smokeTook[0], intent);
            case BLOCKED -> outcomes.blocked(draft, containers, outcome.reason(), outcome.message(), StackOutcomes.notes(forcedNote, outcome.message()));
            case RETRY -> deployment.replacements().isEmpty() ? outcomes.retry(draft, outcome)
                    : outcomes.failed(draft, deployment, outcome, heal, forcedNote, intent);
            case FAILED -> outcomes.failed(draft, deployment, outcome, heal, forcedNote, intent);
        };
        recorder.journalDone(desired.name());
        return result;
    }





    /** True while a retry's backoff has not run out: the stack is left as it is until then. */
    private boolean backingOff(StatusDraft draft, String previousRevision) {
        return draft.phase == Phase.Progressing && draft.retry != null
                && Objects.equals(previousRevision, draft.observedRevision)
                && clock.instant().isBefore(java.time.Instant.parse(draft.retry.nextAttemptAt()));
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
        return draft.failedVersion != null && Objects.equals(previousRevision, draft.observedRevision);
    }






    private static String describe(List<Problem> errors) {
        String first = errors.get(0).toString();
        return errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more; run stackctl validate)";
    }
}
