package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.engine.StackBackups;
import tokyo.seisei.operator.engine.backup.BackupFailure;
import tokyo.seisei.operator.engine.backup.BackupResult;
import tokyo.seisei.operator.engine.backup.DatabaseBackup;
import tokyo.seisei.operator.model.ByteSize;
import tokyo.seisei.operator.store.BackupManifest;
import tokyo.seisei.operator.store.BackupRecord;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Backs up a stack as it runs now: dumps the databases of its spec.backup into "
                + "<state-dir>/backups/<stack>/<YYYYMMDD_HHMMSS>/, with the desired-state file that runs, the "
                + "inspect of its containers and a manifest of sums; then removes the backups older than its retention.",
                "Waits while a deploy of the stack is running."},
        footer = {"", "Exit codes: 0 backed up, 1 the backup failed, 2 unknown stack or usage error."})
public class BackupCommand extends StackCommand {

    @Parameters(paramLabel = "STACK", arity = "1", description = "The stack to back up.")
    String stack;

    @Inject
    Instance<StackBackups> backups;

    @Override
    public Integer call() {
        requireWritableStateDir();
        known.requireDeclared(List.of(stack));
        BackupResult result;
        try {
            result = backups.get().backUp(stack);
        } catch (BackupFailure | UncheckedIOException e) {
            System.err.println("error: " + e.getMessage());
            return ExitCodes.NOT_SETTLED;
        }
        BackupRecord backup = result.backup();
        System.out.println(backup.path());
        Table files = Table.headless().indent("  ").alignRight(1);
        backup.files().forEach(file -> files.row(file.name(), file.size(), ByteSize.human(file.size())));
        files.row("total", backup.sizeBytes(), ByteSize.human(backup.sizeBytes()));
        System.out.print(files.render());
        result.pruned().forEach(old -> System.out.println("removed " + old.path() + " (older than the retention)"));
        if (result.pruneProblem() != null) {
            System.err.println("warning: older backups were not removed: " + result.pruneProblem());
        }
        return ExitCodes.OK;
    }
}
