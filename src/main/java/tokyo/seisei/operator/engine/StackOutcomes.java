package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.ReleaseFiles;
import tokyo.seisei.operator.store.ReleaseLedger;

/**
 * Where a stack ends, written down: a deploy verified (history, verified file, ledger, kept containers trimmed)
 * or failed (history, rollback), a stack blocked, retried, orphaned or paused. Each ends by saving the status.
 */
final class StackOutcomes {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(StackOutcomes.class);

    private final DockerEngine docker;
    private final Planner planner = new Planner();
    private final StackRecorder recorder;
    private final ReleaseFiles releases;
    private final ReleaseLedger ledger;
    private final Rollback rollback;
    private final Clock clock;
    private final int keepPrevious;

    StackOutcomes(DockerEngine docker, StackRecorder recorder, ReleaseFiles releases, ReleaseLedger ledger,
                  Rollback rollback, Clock clock, int keepPrevious) {
        this.docker = docker;
        this.recorder = recorder;
        this.releases = releases;
        this.ledger = ledger;
        this.rollback = rollback;
        this.clock = clock;
        this.keepPrevious = keepPrevious;
    }

    StackConverger.Result succeeded(StatusDraft draft, LoadedStack loaded, StackPlan plan, boolean heal,
                             PromotionGate.Decision gate, java.time.Duration smokeTook, StackConverger.Intent intent) {
        DesiredStack desired = plan.desired();
        if (desired.prune()) {
            // only once the new version is verified: a rollback could not bring a pruned service back
            for (ContainerSummary container : plan.undeclared()) {
                docker.stopContainer(container.id(), ReplaceContainers.DEFAULT_GRACE);
                docker.removeContainer(container.id());
            }
        }
        List<ContainerSummary> after = stackContainers(desired.name());
        removeKeptBeyondLimit(desired, after);
        after = stackContainers(desired.name());
        draft.currentVersion = desired.version();
        if (!intent.manual()) {
            draft.failedVersion = null;
        }
        draft.services = StackServices.observed(after, draft.services, docker);
        reportUndeclared(draft, planner.plan(desired, after));
        if (!intent.manual()) {
            releases.applied(desired.name(), loaded.file());
        }
        if (!heal && !intent.manual()) {
            releases.verified(desired.name(), desired.version());
            draft.verifiedVersion = desired.version();
            ledger.append(desired.name(), new ReleaseLedger.Release(desired.version(), digests(draft.services),
                    desired.revision(), java.time.Instant.now(clock).toString(), smokeTook.toMillis() / 1000.0, gate.forced()));
        }
        String forcedNote = gate.forced() == null ? "" : "FORCED: " + gate.forced();
        recorder.finished(draft, heal ? HistoryLog.HEAL : intent.action(), desired.version(), HistoryLog.SUCCESS,
                heal ? plan.describe() : intent.manual() ? intent.note() : forcedNote);
        draft.phase(Phase.Ready, Reason.RECONCILED, "running " + desired.version());
        recorder.save(draft);
        return new StackConverger.Result(Phase.Ready, false);
    }
    /**
     * The deploy failed: record it, and when it had replaced anything, put the previous containers back.
     * A rollback that fails leaves the stack Failed, and the operator changes nothing more until a person acts.
     */
    StackConverger.Result failed(StatusDraft draft, Deployment deployment, StepOutcome outcome, boolean heal, String forcedNote,
                          StackConverger.Intent intent) {
        String version = deployment.desired().version();
        String previous = draft.currentVersion;
        String action = heal ? HistoryLog.HEAL : intent.action();
        if (!heal || !StackRecorder.alreadyRecorded(draft, action, HistoryLog.FAIL)) {
            recorder.finished(draft, action, version, HistoryLog.FAIL, notes(forcedNote, outcome.message()));
        }
        // a failed heal is tried again at the next pass (the engine may have been busy); a failed version is not
        draft.failedVersion = heal || intent.manual() ? draft.failedVersion : version;
        Phase phase = Phase.Degraded;
        String reason = outcome.reason();
        String message = outcome.message();
        if (!deployment.replacements().isEmpty()) {
            Rollback.Result undone = rollback.undo(deployment);
            LOG.infof("%s: rollback from %s %s in %d ms", desired(deployment), version,
                    undone.succeeded() ? "put the previous containers back" : "failed", undone.restoredIn().toMillis());
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
                draft.failedVersion = version;
                message = message + "; rollback failed: " + problems + "; nothing more is changed until a person acts";
            }
        }
        draft.services = StackServices.observed(stackContainers(deployment.desired().name()), draft.services, docker);
        draft.phase(phase, reason, message);
        recorder.save(draft);
        return new StackConverger.Result(phase, false);
    }
    private static String desired(Deployment deployment) {
        return deployment.desired().name();
    }
    /**
     * A transient failure before anything was replaced: tried again after 2s, 4s, 8s ... at most 5 minutes, each
     * retry in the status, none in the history.
     */
    StackConverger.Result retry(StatusDraft draft, StepOutcome outcome) {
        int attempts = draft.retry == null ? 1 : draft.retry.attempts() + 1;
        java.time.Duration wait = java.time.Duration.ofSeconds(Math.min(300, 1L << Math.min(attempts, 9)));
        java.time.Instant next = clock.instant().plus(wait).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        draft.retry = new StackStatus.RetryStatus(attempts, next.toString(),
                tokyo.seisei.operator.model.Secrets.redact(outcome.message(), draft.secretValues));
        draft.phase(Phase.Progressing, outcome.reason(), "will retry in " + wait.toSeconds() + "s (attempt " + attempts
                + "): " + outcome.message());
        recorder.save(draft);
        return new StackConverger.Result(Phase.Progressing, true);
    }
    /** A stack whose file is gone: its containers keep running and it is reported; nothing is deleted. */
    StackConverger.Result reportOrphan(String stack, List<ContainerSummary> containers) {
        StatusDraft draft = recorder.draft(stack);
        Phase phase = draft.phase == null ? Phase.Ready : draft.phase;
        String message = "desired-state file " + stack + ".yaml is gone; its " + containers.size()
                + " container(s) are left running, nothing is deleted";
        draft.services = StackServices.observed(containers, draft.services, null);
        draft.condition(StackStatus.Condition.ORPHANED, Reason.ORPHANED, message);
        draft.phase(phase, Reason.ORPHANED, message);
        recorder.save(draft);
        return new StackConverger.Result(phase, false);
    }
    /**
     * A latched stack keeps the version it was rolled back to running: a container of it that stopped (by hand,
     * or a crash its restart policy gave up on) is started again, as the engine itself would, with no new version.
     *
     * @return the containers as they are now
     */
    List<ContainerSummary> restartStopped(StatusDraft draft, List<ContainerSummary> containers, DesiredStack desired) {
        List<ContainerSummary> stopped = containers.stream().filter(c -> !KeptContainers.isKept(c))
                .filter(c -> desired.service(String.valueOf(c.label(ContainerLabels.SERVICE))) != null)
                .filter(c -> !c.alive()).toList();
        if (stopped.isEmpty()) {
            return containers;
        }
        List<String> started = new java.util.ArrayList<>();
        for (ContainerSummary container : stopped) {
            try {
                docker.startContainer(container.id());
                started.add(container.label(ContainerLabels.SERVICE));
            } catch (tokyo.seisei.operator.docker.DockerFailure e) {
                LOG.warnf("%s: cannot start %s again: %s", draft.stack, container.name(), e.getMessage());
            }
        }
        if (!started.isEmpty()) {
            recorder.finished(draft, HistoryLog.HEAL, draft.currentVersion, HistoryLog.SUCCESS, "start " + String.join(", ", started));
        }
        return stackContainers(draft.stack);
    }

    /** The stack was just paused by a person: the status says so at once, not only at the next pass. */
    void reportPaused(String stack, String message) {
        StatusDraft draft = recorder.draft(stack);
        draft.phase(Phase.Paused, Reason.PAUSED, message);
        recorder.save(draft);
    }
    /** Something unforeseen broke the reconcile of this stack: say so in its status, and the next pass tries again. */
    void reportError(String stack, Exception error) {
        StatusDraft draft = recorder.draft(stack);
        draft.phase(Phase.Degraded, Reason.RECONCILE_ERROR, "reconcile failed: " + error + "; see the operator's log");
        recorder.save(draft);
    }
    StackConverger.Result blocked(StatusDraft draft, List<ContainerSummary> containers, String reason, String message) {
        return blocked(draft, containers, reason, message, message);
    }
    /** @param notes the history line's notes, when they differ from the status message */
    StackConverger.Result blocked(StatusDraft draft, List<ContainerSummary> containers, String reason, String message, String notes) {
        if (!StackRecorder.alreadyRecorded(draft, HistoryLog.DEPLOY, HistoryLog.BLOCKED)) {
            recorder.finished(draft, HistoryLog.DEPLOY, draft.desiredVersion, HistoryLog.BLOCKED, notes);
        }
        draft.services = StackServices.observed(containers, draft.services, null);
        draft.phase(Phase.Blocked, reason, message);
        recorder.save(draft);
        return new StackConverger.Result(Phase.Blocked, false);
    }
    /** Keeps the newest {@code keepPrevious} stopped previous containers of each service for rollback. */
    private void removeKeptBeyondLimit(DesiredStack desired, List<ContainerSummary> containers) {
        for (DesiredStack.DesiredService service : desired.services()) {
            KeptContainers.of(containers, service.name()).stream().skip(keepPrevious)
                    .forEach(old -> docker.removeContainer(old.id()));
        }
    }
    private List<ContainerSummary> stackContainers(String stack) {
        return docker.listStackContainers(stack);
    }
    void reportUndeclared(StatusDraft draft, StackPlan plan) {
        if (!plan.undeclared().isEmpty() && !plan.desired().prune()) {
            draft.condition("UndeclaredServices", Reason.UNDECLARED_SERVICES, "containers of services no longer declared are left running: "
                    + plan.undeclared().stream().map(ContainerSummary::name).collect(Collectors.joining(", "))
                    + " (spec.prune: true removes them)");
        }
    }
    /** History notes of a forced deploy begin with FORCED and its reason, for the weekly audit. */
    static String notes(String forcedNote, String message) {
        return forcedNote.isEmpty() ? message : forcedNote + ": " + message;
    }
    /** By service, the image that runs as name@digest, as another stack can pin it. */
    private static java.util.Map<String, String> digests(List<StackStatus.ServiceStatus> services) {
        java.util.Map<String, String> digests = new java.util.TreeMap<>();
        services.stream().filter(s -> s.imageDigest() != null).forEach(s -> digests.put(s.name(),
                tokyo.seisei.operator.model.ImageReference.parse(s.image()).name() + "@" + s.imageDigest()));
        return digests;
    }
}
