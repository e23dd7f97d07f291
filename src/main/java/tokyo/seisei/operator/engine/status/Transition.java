package tokyo.seisei.operator.engine.status;

import java.util.ArrayList;
import java.util.List;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus.Condition;
import tokyo.seisei.operator.model.StackStatus.RetryStatus;
import tokyo.seisei.operator.model.StackStatus.ServiceStatus;

/**
 * Where a stack ends up, and what it took to get there: the only way anything says so. The recorder turns it
 * into the status file, the history, the events, the metrics and the webhook, from the same words. A field left
 * null (or {@link Change#keep()}) keeps what the status said.
 *
 * @param history        lines for {@code deploy-history.log}, in order
 * @param services       the containers as observed at the end, or null
 * @param currentVersion the version that runs now, or null
 * @param verifiedVersion the version a smoke just verified, or null
 * @param failedVersion  the latch: a version not tried again until the desired state changes
 * @param retry          a transient failure's backoff
 * @param conditions     conditions beside those that follow the phase (Orphaned, UndeclaredServices)
 */
public record Transition(Phase phase, String reason, String message, List<HistoryLine> history,
                         List<ServiceStatus> services, String currentVersion, String verifiedVersion,
                         Change<String> failedVersion, Change<RetryStatus> retry, List<Condition> conditions) {

    /** A change of one field of the status: keep it, or set it (to null to clear it). */
    public record Change<T>(boolean changes, T value) {
        public static <T> Change<T> keep() {
            return new Change<>(false, null);
        }

        public static <T> Change<T> to(T value) {
            return new Change<>(true, value);
        }
    }

    public Transition {
        history = List.copyOf(history);
        conditions = List.copyOf(conditions);
    }

    public static Transition to(Phase phase, String reason, String message) {
        return new Transition(phase, reason, message, List.of(), null, null, null, Change.keep(), Change.keep(), List.of());
    }

    /** The stack stays where its status says it is. */
    public static Transition unchanged(StatusDraft draft) {
        return to(draft.phase(), draft.reason(), draft.message());
    }

    /** The same, ending in another phase. */
    public Transition becomes(Phase nextPhase, String nextReason, String nextMessage) {
        return new Transition(nextPhase, nextReason, nextMessage, history, services, currentVersion, verifiedVersion,
                failedVersion, retry, conditions);
    }

    public Transition record(HistoryLine line) {
        List<HistoryLine> lines = new ArrayList<>(history);
        lines.add(line);
        return new Transition(phase, reason, message, lines, services, currentVersion, verifiedVersion, failedVersion, retry,
                conditions);
    }

    public Transition observed(List<ServiceStatus> now) {
        return new Transition(phase, reason, message, history, now, currentVersion, verifiedVersion, failedVersion, retry,
                conditions);
    }

    public Transition running(String version) {
        return new Transition(phase, reason, message, history, services, version, verifiedVersion, failedVersion, retry,
                conditions);
    }

    public Transition verified(String version) {
        return new Transition(phase, reason, message, history, services, currentVersion, version, failedVersion, retry,
                conditions);
    }

    /** @param version the version to latch as failed, or null to lift the latch */
    public Transition latch(String version) {
        return new Transition(phase, reason, message, history, services, currentVersion, verifiedVersion,
                Change.to(version), retry, conditions);
    }

    /** @param next the backoff of a transient failure, or null to end it */
    public Transition retry(RetryStatus next) {
        return new Transition(phase, reason, message, history, services, currentVersion, verifiedVersion, failedVersion,
                Change.to(next), conditions);
    }

    public Transition condition(String type, String conditionReason, String conditionMessage) {
        List<Condition> all = new ArrayList<>(conditions);
        all.add(new Condition(type, "True", conditionReason, conditionMessage, null));
        return new Transition(phase, reason, message, history, services, currentVersion, verifiedVersion, failedVersion,
                retry, all);
    }

    /** The same, each history line's notes ending with {@code note}. */
    public Transition noted(String note) {
        List<HistoryLine> lines = history.stream().map(l -> l.withNotes(l.notes().isEmpty() ? note : l.notes() + "; " + note))
                .toList();
        return new Transition(phase, reason, message, lines, services, currentVersion, verifiedVersion, failedVersion, retry,
                conditions);
    }

    /** True when this transition starts a backoff: the stack is tried again soon, on its own. */
    public boolean retryScheduled() {
        return retry.changes() && retry.value() != null;
    }
}
