package tokyo.seisei.operator.engine.status;

/**
 * One line of {@code deploy-history.log} that a transition writes: a finished action and its result.
 *
 * @param forceReason     the reason of the force that deployed past the promotion gate, or null
 * @param oncePerRevision written only when the last line of this revision is not already this action and result,
 *                        so a stack that stays blocked adds no line per poll
 */
public record HistoryLine(String action, String version, String result, String notes, String forceReason,
                          boolean oncePerRevision) {

    public static HistoryLine of(String action, String version, String result, String notes) {
        return new HistoryLine(action, version, result, notes == null ? "" : notes, null, false);
    }

    public HistoryLine forcedBy(String reason) {
        return new HistoryLine(action, version, result, notes, reason, oncePerRevision);
    }

    public HistoryLine once() {
        return new HistoryLine(action, version, result, notes, forceReason, true);
    }

    public boolean forced() {
        return forceReason != null;
    }

    /** The notes as the runbook's log writes them: {@code FORCED: <reason>} first, for the weekly audit. */
    public String writtenNotes() {
        if (!forced()) {
            return notes;
        }
        return notes.isEmpty() ? "FORCED: " + forceReason : "FORCED: " + forceReason + ": " + notes;
    }

    HistoryLine withNotes(String redacted) {
        return new HistoryLine(action, version, result, redacted, forceReason, oncePerRevision);
    }
}
