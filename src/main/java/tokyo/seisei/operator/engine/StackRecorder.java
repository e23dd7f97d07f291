package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.store.DeployJournal;
import tokyo.seisei.operator.store.EventJournal;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.StatusStore;

/**
 * The one place that writes what happened to a stack: the status file, the events journal, the history
 * and the log, from the same words, so they never disagree.
 */
public final class StackRecorder implements Pipeline.Listener {

    private static final Logger LOG = Logger.getLogger(StackRecorder.class);

    private final StatusStore statuses;
    private final HistoryLog history;
    private final EventJournal events;
    private final DeployJournal journal;
    private final Clock clock;
    private final OperatorEvents listeners;

    public StackRecorder(StatusStore statuses, HistoryLog history, EventJournal events, DeployJournal journal, Clock clock,
                         OperatorEvents listeners) {
        this.statuses = statuses;
        this.history = history;
        this.events = events;
        this.journal = journal;
        this.clock = clock;
        this.listeners = listeners;
    }

    /** What a deployment reports each time it enters a step or announces a replacement. */
    java.util.function.Consumer<Deployment> journal(DesiredStack desired) {
        return deployment -> journal.write(new DeployJournal.Entry(desired.name(), desired.version(), desired.revision(),
                deployment.step(), Instant.now(clock).toString(), deployment.replacements()));
    }

    /** The deploy ended, whatever its outcome: nothing is in progress any more. */
    void journalDone(String stack) {
        journal.clear(stack);
    }

    StatusDraft draft(String stack) {
        return new StatusDraft(stack, statuses.read(stack).orElse(null));
    }

    /** Writes the status when anything but its time changed, and an event when the phase changed. */
    StackStatus save(StatusDraft draft) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        StackStatus next = draft.build(now);
        StackStatus previous = draft.previous;
        if (previous != null && sameIgnoringTime(previous, next)) {
            return previous;
        }
        statuses.write(next);
        draft.previous = next;
        if (previous == null || previous.phase() != next.phase()) {
            Duration inPrevious = previous == null || previous.phaseSince() == null ? null
                    : Duration.between(Instant.parse(previous.phaseSince()), Instant.parse(now));
            events.record(draft.stack, previous == null ? null : String.valueOf(previous.phase()),
                    String.valueOf(next.phase()), draft.reason, next.message(), inPrevious);
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
    void finished(StatusDraft draft, String action, String version, String result, String rawNotes) {
        String notes = tokyo.seisei.operator.model.Secrets.redact(rawNotes, draft.secretValues);
        history.record(draft.stack, draft.environment, action, version, result, notes);
        listeners.actionFinished(draft.stack, draft.environment, action, version, result, notes);
        draft.lastOperation = new StackStatus.Operation(action, version, result, draft.observedRevision, notes,
                Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** True when the last finished action already was this one for this revision: record it once, not per poll. */
    static boolean alreadyRecorded(StatusDraft draft, String action, String result) {
        StackStatus.Operation last = draft.lastOperation;
        return last != null && action.equals(last.action()) && result.equals(last.result())
                && Objects.equals(last.revision(), draft.observedRevision);
    }

    @Override
    public void stepStarted(String stack, String step) {
        LOG.infof("%s: step %s", stack, step);
    }

    @Override
    public void stepEnded(String stack, String step, StepOutcome outcome, Duration took) {
        events.record(stack, step, outcome.done() ? step + "Done" : String.valueOf(outcome.result()),
                outcome.reason(), outcome.message(), took);
        listeners.stepFinished(stack, step, outcome, took);
    }

    private static boolean sameIgnoringTime(StackStatus a, StackStatus b) {
        return a.phase() == b.phase() && Objects.equals(a.message(), b.message())
                && Objects.equals(a.environment(), b.environment())
                && Objects.equals(a.desiredVersion(), b.desiredVersion())
                && Objects.equals(a.currentVersion(), b.currentVersion())
                && Objects.equals(a.observedRevision(), b.observedRevision())
                && Objects.equals(a.failedVersion(), b.failedVersion())
                && Objects.equals(a.verifiedVersion(), b.verifiedVersion())
                && Objects.equals(a.promotion(), b.promotion())
                && Objects.equals(a.retry(), b.retry())
                && Objects.equals(a.conditions(), b.conditions())
                && Objects.equals(a.services(), b.services())
                && Objects.equals(a.lastOperation(), b.lastOperation());
    }
}
