package tokyo.seisei.operator.cli;

import jakarta.inject.Inject;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.model.ByteSize;
import tokyo.seisei.operator.store.BackupManifest;
import tokyo.seisei.operator.store.BackupRecord;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.BackupVerification;
import tokyo.seisei.operator.model.Printable;

@Command(name = "backups", mixinStandardHelpOptions = true,
        description = "Lists a stack's complete backups, newest first: id, time, the version they were taken before, size,"
                + " the last verification (passed or FAILED, when), files.",
        footer = {"", "Exit codes: 0 listed (possibly none), 2 unknown stack."})
public class BackupsCommand extends StackCommand {

    @Parameters(paramLabel = "STACK", description = "The stack.")
    String stack;

    @Inject
    BackupStore store;

    @Override
    public Integer call() {
        known.require(stack);
        stateDir.name();
        List<BackupRecord> backups = store.list(stack);
        if (backups.isEmpty()) {
            stateDir.noRecords();
            System.out.println("no backup of " + stack + " (stackctl backup " + stack + " takes one)");
            return ExitCodes.OK;
        }
        Table table = Table.of("ID", "TIME", "VERSION", "SIZE", "VERIFIED", "FILES").alignRight(3);
        for (BackupRecord b : backups) {
            table.row(b.id(), b.time(), b.version(), ByteSize.human(b.sizeBytes()),
                    store.verification(b).map(BackupsCommand::verified).orElse("-"),
                    String.join(", ", b.files().stream().map(BackupManifest.FileEntry::name).toList()));
            store.verification(b).filter(v -> v.answer() != null || v.failure() != null).ifPresent(v ->
                    table.note("    " + (v.passed() ? "verify query: " + Printable.escape(v.answer())
                            : "failed: " + Printable.escape(v.failure()))));
        }
        System.out.print(table.render());
        return ExitCodes.OK;
    }

    private static String verified(BackupVerification v) {
        return (v.passed() ? "passed " : "FAILED ") + v.at();
    }
}
