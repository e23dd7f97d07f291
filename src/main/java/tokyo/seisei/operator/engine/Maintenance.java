package tokyo.seisei.operator.engine;

import java.util.ArrayList;
import java.util.List;
import tokyo.seisei.operator.model.BackupSpec;
import tokyo.seisei.operator.model.Retention;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.BackupRecord;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.BackupVerification;
import tokyo.seisei.operator.store.StackLocks;

/**
 * {@code stackctl maintenance}: the maintenance plan now, one line per action: the backups due for verification
 * are verified, and the backups past their retention are archived (when an archive dir is set) and removed, each
 * stack under its lock. A dry run says what would be done and changes nothing.
 */
public final class Maintenance {

    private final DesiredState desiredState;
    private final BackupStore backups;
    private final BackupVerifier verifier;
    private final StackLocks locks;

    public Maintenance(DesiredState desiredState, BackupStore backups, BackupVerifier verifier, StackLocks locks) {
        this.desiredState = desiredState;
        this.backups = backups;
        this.verifier = verifier;
        this.locks = locks;
    }

    public List<String> run(boolean dryRun) {
        List<String> lines = new ArrayList<>();
        List<String> due = verifier.due();
        for (LoadedStack loaded : desiredState.all()) {
            BackupSpec spec = loaded.valid() ? loaded.document().spec().backup() : null;
            if (spec == null) {
                continue;
            }
            String stack = loaded.name();
            if (due.contains(stack)) {
                if (dryRun) {
                    lines.add("would verify " + stack + " " + backups.list(stack).get(0).id());
                } else {
                    BackupVerification v = verifier.verify(stack, null);
                    lines.add("verified " + stack + " " + v.backupId() + ": " + (v.passed() ? "passed" : "FAILED: " + v.failure()));
                }
            }
            java.time.Duration retention = Retention.parse(spec.retentionOrDefault());
            if (dryRun) {
                for (BackupRecord expired : backups.expired(stack, retention)) {
                    lines.add("would " + backups.archiveOf(expired).map(a -> "archive to " + a + " and ").orElse("")
                            + "remove " + stack + " " + expired.id() + " (past its retention of " + spec.retentionOrDefault() + ")");
                }
            } else {
                try (StackLocks.Held ignored = locks.lock(stack)) {
                    for (BackupRecord removed : backups.prune(stack, retention, null)) {
                        lines.add(backups.archiveOf(removed).map(a -> "archived to " + a + " and ").orElse("")
                                + "removed " + stack + " " + removed.id() + " (past its retention of "
                                + spec.retentionOrDefault() + ")");
                    }
                }
            }
        }
        return lines;
    }
}
