package tokyo.seisei.operator.engine.backup;

import java.util.List;
import java.util.stream.Collectors;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.model.BackupSpec;
import tokyo.seisei.operator.model.ByteSize;
import tokyo.seisei.operator.store.BackupRecord;

/**
 * A backup that was made.
 *
 * @param pruned       the older backups removed by the retention
 * @param pruneProblem why older backups could not be removed, or null; the backup itself is complete
 */
public record BackupResult(BackupRecord backup, List<BackupRecord> pruned, String pruneProblem) {

    /** For people: what was saved where, and what the retention removed. */
    public String describe(DesiredStack desired) {
        String services = desired.backup().databases().stream().map(BackupSpec.Database::service)
                .collect(Collectors.joining(", "));
        StringBuilder text = new StringBuilder("backed up " + services + " to " + backup.path() + " ("
                + ByteSize.human(backup.sizeBytes()) + ")");
        if (!pruned.isEmpty()) {
            text.append("; removed ").append(pruned.size()).append(" older backup(s)");
        }
        if (pruneProblem != null) {
            text.append("; older backups were not removed: ").append(pruneProblem);
        }
        return text.toString();
    }
}
