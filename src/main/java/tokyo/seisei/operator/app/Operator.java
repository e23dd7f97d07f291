package tokyo.seisei.operator.app;

import tokyo.seisei.operator.engine.BackupVerifier;
import tokyo.seisei.operator.engine.DatabaseRestore;
import tokyo.seisei.operator.engine.DryRun;
import tokyo.seisei.operator.engine.Maintenance;
import tokyo.seisei.operator.engine.ManualRollback;
import tokyo.seisei.operator.engine.Operations;
import tokyo.seisei.operator.engine.Reconciler;
import tokyo.seisei.operator.engine.StackBackups;
import tokyo.seisei.operator.engine.plan.Ownership;
import tokyo.seisei.operator.engine.smoke.StackSmoke;
import tokyo.seisei.operator.engine.status.OperatorEvents;
import tokyo.seisei.operator.engine.steps.Shutdown;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.StatusStore;

/** The operator as wired by {@link OperatorBeans#wire}: what the daemon, the commands and the API use. */
public record Operator(DesiredState desiredState, StatusStore statuses, HistoryLog history, BackupStore backups,
                       Shutdown shutdown, OperatorEvents events, Ownership ownership,
                       Reconciler reconciler, DryRun dryRun, Operations operations, ManualRollback rollback,
                       DatabaseRestore restore, StackBackups stackBackups, StackSmoke smoke,
                       BackupVerifier backupVerifier, Maintenance maintenance) {
}
