package tokyo.seisei.operator.cli;

import picocli.CommandLine.Command;

@Command(name = "stackctl", mixinStandardHelpOptions = true, version = "stackctl 0.1.0",
        description = "Converges the Docker stacks of this host to the desired state in git.",
        subcommands = {RunCommand.class, ReconcileCommand.class, ValidateCommand.class, PlanCommand.class,
                StatusCommand.class, HistoryCommand.class, PreflightCommand.class, BackupCommand.class,
                SmokeCommand.class, PauseCommand.class, ResumeCommand.class, RetryCommand.class, LogsCommand.class,
                EventsCommand.class, BackupsCommand.class, RollbackCommand.class, RestoreCommand.class,
                VerifyBackupCommand.class, MaintenanceCommand.class, ImportComposeCommand.class},
        footer = {"", "Exit codes: 0 success, 1 a stack is not Ready/Paused or a file is invalid, 2 usage or configuration error."})
public class StackctlCommand {
}
