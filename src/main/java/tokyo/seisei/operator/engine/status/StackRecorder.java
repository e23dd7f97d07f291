package tokyo.seisei.operator.engine.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.engine.steps.Pipeline;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.source.SourceRevision;
import tokyo.seisei.operator.store.EventJournal;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.StatusStore;

/**
 * The one place that writes what happened to a stack: it applies a {@link Transition} to the status file,
 * the history, the events journal, the log and the listeners (metrics, webhook), from the same words, so they
 * never disagree.
 */
public final class StackRecorder {

    private static final Logger LOG = Logger.getLogger(StackRecorder.class);

    private final StatusStore statuses;
    private final HistoryLog history;
    private final EventJournal events;
    private final Clock clock;
    private final OperatorEvents listeners;

    public StackRecorder(StatusStore statuses, HistoryLog history, EventJournal events, Clock clock,
                         OperatorEvents listeners) {
        this.statuses = statuses;
        this.history = history;
        this.events = events;
        this.clock = clock;
        this.listeners = listeners;
    }

    public StatusDraft draft(String stack) {
        return new StatusDraft(stack, statuses.read(stack).orElse(null));
    }

    /** Writes where the stack ends: history lines first (they become the last operation), then the status. */
    public StackStatus apply(StatusDraft draft, Transition transition) {
        if (transition.phase() != Phase.Paused && draft.revisionSeen != null) {
            // a revision is not taken as observed while paused: a fix pushed meanwhile still lifts a latch on resume
            draft.observedRevision = draft.revisionSeen;
        }
        if (transition.phase() == Phase.Ready && draft.revisionSeen != null) {
            // the desired state runs: the status names the commit it came from (none for a plain folder)
            SourceRevision from = draft.sourceSeen;
            draft.source = from == null ? null
                    : new StackStatus.SourceCommit(from.commit(), from.subject(), from.author(), from.time());
        }
        transition.history().stream().filter(line -> !(line.oncePerRevision() && alreadyRecorded(draft, line)))
                .forEach(line -> finished(draft, line));
        if (transition.services() != null) {
            draft.services = transition.services();
        }
        if (transition.currentVersion() != null) {
            draft.currentVersion = transition.currentVersion();
        }
        if (transition.verifiedVersion() != null) {
            draft.verifiedVersion = transition.verifiedVersion();
        }
        if (transition.failedVersion().changes()) {
            draft.failedVersion = transition.failedVersion().value();
        }
        if (transition.retry().changes()) {
            StackStatus.RetryStatus retry = transition.retry().value();
            draft.retry = retry == null ? null
                    : new StackStatus.RetryStatus(retry.attempts(), retry.nextAttemptAt(), draft.redact(retry.lastError()));
        }
        draft.extraConditions.addAll(transition.conditions());
        draft.phase = transition.phase();
        draft.reason = transition.reason();
        draft.message = draft.redact(transition.phase() == Phase.Blocked ? draft.blockedMessage(transition.message())
                : transition.message());
        return save(draft);
    }

    /** The pipeline's listener for one deploy: each step logged and journalled, Progressing before the first change. */
    public Pipeline.Listener steps(StatusDraft draft, String change) {
        return new StepRecording(this, draft, change, events, listeners);
    }

    /**
     * A backup of the stack was restored into a throwaway database: its status says so, the phase stays, and the
     * listeners (metrics, webhook) hear of it. A stack never reconciled has no status to carry it.
     */
    public void backupVerified(String stack, tokyo.seisei.operator.store.BackupVerification verification) {
        StatusDraft draft = draft(stack);
        if (draft.previous != null) {
            draft.lastVerifiedBackup = new StackStatus.VerifiedBackup(verification.backupId(), verification.at(),
                    verification.passed());
            apply(draft, Transition.unchanged(draft));
        }
        listeners.backupVerified(stack, draft.environment, verification);
    }

    /**
     * A person's pause or resume, in {@code deploy-history.log}: the action, the version the stack runs, success, the
     * reason. It does not become the status's last operation, which stays the last deploy, rollback or restore (the
     * latch and the once-per-revision lines read it).
     */
    public void handsOnOff(String stack, String action, String reason) {
        StatusDraft draft = draft(stack);
        history.record(stack, draft.environment, action, draft.currentVersion(), HistoryLog.SUCCESS,
                draft.redact(reason == null ? "" : reason));
    }

    /** A person's request that changes no phase (retry, resume): in the events journal, for the record. */
    public void requested(String stack, String reason, String message) {
        events.record(stack, null, reason, reason, message, null, false);
        LOG.infof("%s: %s: %s", stack, reason, message);
    }

    /** What a converge kept outside the steps (a failed version's logs): journalled as a step of its own, and logged. */
    public void stepDone(StatusDraft draft, String step, String message, Duration took) {
        String redacted = draft.redact(message);
        events.record(draft.stack, step, step + "Done", null, redacted, took, draft.forceReason != null);
        LOG.infof("%s: %s: %s", draft.stack, step, redacted);
    }

    /** Writes the status when anything but its time changed, and an event when the phase changed. */
    private StackStatus save(StatusDraft draft) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        StackStatus next = draft.build(now);
        StackStatus previous = draft.previous;
        if (previous != null && previous.sameIgnoringTime(next)) {
            return previous;
        }
        statuses.write(next);
        draft.previous = next;
        if (previous == null || previous.phase() != next.phase()) {
            Duration inPrevious = previous == null || previous.phaseSince() == null ? null
                    : Duration.between(Instant.parse(previous.phaseSince()), Instant.parse(now));
            events.record(draft.stack, previous == null ? null : String.valueOf(previous.phase()),
                    String.valueOf(next.phase()), draft.reason, next.message(), inPrevious, draft.forceReason != null,
                    draft.commitSeen());
            LOG.infof("%s: %s -> %s (%s) %s", draft.stack, previous == null ? "-" : previous.phase(), next.phase(),
                    draft.reason, next.message() == null ? "" : next.message());
        }
        if (previous == null || previous.phase() != next.phase() || !Objects.equals(previous.currentVersion(), next.currentVersion())) {
            listeners.phaseChanged(draft.stack, next.environment(), next.phase(), next.currentVersion(), draft.reason,
                    next.message());
        }
        return next;
    }

    /** Appends the history line of a finished action and makes it the status's last operation. */
    private void finished(StatusDraft draft, HistoryLine line) {
        HistoryLine redacted = line.withNotes(draft.redact(withCommit(draft, line)));
        String notes = draft.redact(redacted.writtenNotes());
        history.record(draft.stack, draft.environment, line.action(), line.version(), line.result(), notes);
        listeners.actionFinished(draft.stack, draft.environment, redacted);
        draft.lastOperation = new StackStatus.Operation(line.action(), line.version(), line.result(), draft.observedRevision,
                notes, Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** A deploy's notes end with the short sha of the commit it came from, when the desired state is git. */
    private static String withCommit(StatusDraft draft, HistoryLine line) {
        if (draft.sourceSeen == null || !HistoryLog.DEPLOY.equals(line.action())) {
            return line.notes();
        }
        String commit = "commit " + draft.sourceSeen.shortCommit();
        return line.notes().isEmpty() ? commit : line.notes() + "; " + commit;
    }

    /** True when the last finished action already was this one for this revision: record it once, not per poll. */
    private static boolean alreadyRecorded(StatusDraft draft, HistoryLine line) {
        StackStatus.Operation last = draft.lastOperation;
        return last != null && line.action().equals(last.action()) && line.result().equals(last.result())
                && Objects.equals(last.revision(), draft.observedRevision);
    }
}
