package tokyo.seisei.operator.cli;

import jakarta.inject.Inject;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.model.ByteSize;
import tokyo.seisei.operator.store.BackupManifest;
import tokyo.seisei.operator.store.BackupRecord;
import tokyo.seisei.operator.store.BackupStore;

@Command(name = "backups", mixinStandardHelpOptions = true,
        description = "Lists a stack's complete backups, newest first: id, time, the version they were taken before, size, files.",
        footer = {"", "Exit codes: 0 listed (possibly none), 2 unknown stack."})
public class BackupsCommand extends StackCommand {

    @Parameters(paramLabel = "STACK", description = "The stack.")
    String stack;

    @Inject
    BackupStore store;

    @Override
    public Integer call() {
        known.require(stack);
        List<BackupRecord> backups = store.list(stack);
        if (backups.isEmpty()) {
            System.out.println("no backup of " + stack + " (stackctl backup " + stack + " takes one)");
            return ExitCodes.OK;
        }
        String format = "%-20s %-26s %-14s %10s  %s%n";
        System.out.printf(format, "ID", "TIME", "VERSION", "SIZE", "FILES");
        for (BackupRecord b : backups) {
            System.out.printf(format, b.id(), b.time(), b.version(), ByteSize.human(b.sizeBytes()),
                    String.join(", ", b.files().stream().map(BackupManifest.FileEntry::name).toList()));
        }
        return ExitCodes.OK;
    }
}
