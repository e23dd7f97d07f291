package tokyo.seisei.operator.engine;

import tokyo.seisei.operator.engine.gates.StackContext;
import tokyo.seisei.operator.engine.status.HistoryLine;
import tokyo.seisei.operator.engine.status.StatusDraft;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.OperationRecord;

/**
 * A restore cut short by a kill: the database may hold part of the backup, so the stack is Failed, stays paused,
 * and its status names the safety backup taken just before, until a person restores one or runs retry.
 */
final class RestoreInterruption {

    private RestoreInterruption() {
    }

    /** True while the status says a restore was cut short, and nobody acted since. */
    static boolean reported(StatusDraft draft) {
        return draft.phase() == Phase.Failed && Reason.RESTORE_INTERRUPTED.equals(draft.reason());
    }

    static Transition report(StackContext stack, OperationRecord record) {
        String safety = record.safetyBackupId() == null ? ""
                : "; the backup of what ran before it is " + record.safetyBackupId() + " (stackctl restore " + stack.name()
                + " " + record.safetyBackupId() + ")";
        String message = "the restore of backup " + record.backupId() + " was cut short while it was to "
                + record.next() + "; the database may be partly restored" + safety;
        return Transition.to(Phase.Failed, Reason.RESTORE_INTERRUPTED, message).observed(stack.observedServices())
                .record(HistoryLine.of(HistoryLog.RESTORE, record.version(), HistoryLog.FAIL, record.backupId()
                        + ": interrupted" + safety + "; " + ResumeGate.RESUMED).once());
    }
}
