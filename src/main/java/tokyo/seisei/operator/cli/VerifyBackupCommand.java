package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.engine.BackupVerifier;
import tokyo.seisei.operator.store.BackupVerification;

@Command(name = "verify-backup", mixinStandardHelpOptions = true,
        description = {"Proves a backup restores: its files are checked against the manifest, then each dump is restored,"
                + " with the stack's restore recipe, into a throwaway container of the database's image, without network"
                + " or published port, and spec.backup.verifyQuery runs there. The live database is not touched. The result"
                + " is written beside the backup (verification.json) and into the stack's status."},
        footer = {"", "Exit codes: 0 verified, 1 the backup failed verification, 2 refused: unknown stack or backup."})
public class VerifyBackupCommand extends StackCommand {

    @Parameters(index = "0", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Parameters(index = "1", arity = "0..1", paramLabel = "BACKUP_ID",
            description = "A backup's id, as stackctl backups STACK lists it; the newest by default.")
    String backupId;

    @Inject
    Instance<BackupVerifier> verifier;

    @Override
    public Integer call() {
        requireWritableStateDir();
        known.requireWithFolder(List.of(stack));
        BackupVerification result = verifier.get().verify(stack, backupId);
        if (!result.passed()) {
            System.err.println("backup " + result.backupId() + " of " + stack + " failed verification: " + result.failure());
            return ExitCodes.NOT_SETTLED;
        }
        System.out.println("backup " + result.backupId() + " of " + stack + " restores (" + result.durationMs() + " ms)"
                + (result.answer() == null ? "" : "; verify query: " + result.answer()));
        return ExitCodes.OK;
    }
}
