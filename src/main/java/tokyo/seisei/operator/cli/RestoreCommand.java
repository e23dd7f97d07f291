package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.engine.DatabaseRestore;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restores a backup's databases into a paused stack: the services that depend on a database are stopped,"
                + " the dump is piped into its restore command, they are started again, and the smoke must pass."},
        footer = {"", "Exit codes: 0 restored and smoke passed, 1 the restore or its smoke failed, 2 refused: unknown stack"
                + " or backup, or the stack is not paused."})
public class RestoreCommand extends StackCommand {

    @Parameters(index = "0", paramLabel = "STACK", description = "The stack, paused.")
    String stack;

    @Parameters(index = "1", paramLabel = "BACKUP_ID", description = "A backup's id, as stackctl backups STACK lists it.")
    String backupId;

    @Inject
    Instance<DatabaseRestore> restore;

    @Override
    public Integer call() {
        requireWritableStateDir();
        stateDir.name();
        known.requireWithFolder(List.of(stack));
        DatabaseRestore.Outcome outcome = restore.get().restore(stack, backupId);
        if (!outcome.succeeded()) {
            System.err.println("restore of " + stack + " from " + backupId + " failed: " + String.join("; ", outcome.problems()));
            return ExitCodes.NOT_SETTLED;
        }
        System.out.println("restored " + stack + " from backup " + backupId
                + (outcome.stopped().isEmpty() ? "" : " (stopped and started again: " + String.join(", ", outcome.stopped()) + ")"));
        System.out.println("the stack is still paused: stackctl resume " + stack + " when you are done");
        return ExitCodes.OK;
    }
}
