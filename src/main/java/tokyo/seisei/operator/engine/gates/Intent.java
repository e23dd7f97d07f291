package tokyo.seisei.operator.engine.gates;

import tokyo.seisei.operator.store.HistoryLog;

/**
 * Why a stack is converged: the desired state in git, or a person's manual rollback to another version, which
 * goes through the same pipeline but is recorded as a rollback and ignores pause, latch and backoff.
 *
 * @param action the history action of its success
 * @param note   the history notes of its success
 */
public record Intent(String action, String note, boolean manual) {

    public static final Intent DESIRED_STATE = new Intent(HistoryLog.DEPLOY, "", false);

    public static Intent manualRollback(String fromVersion) {
        return new Intent(HistoryLog.ROLLBACK, "manual, from " + fromVersion, true);
    }
}
