package tokyo.seisei.operator.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A backup checked against its manifest: every file there, of its size, with its SHA-256. */
public final class BackupSums {

    private BackupSums() {
    }

    /** @return one line per file that does not match its manifest; empty when the backup is whole */
    public static List<String> mismatches(Path folder, BackupManifest manifest) {
        List<String> problems = new ArrayList<>();
        for (BackupManifest.FileEntry entry : manifest.files()) {
            Path file = folder.resolve(entry.name());
            if (!Files.isRegularFile(file)) {
                problems.add(entry.name() + " is missing");
                continue;
            }
            String sum = BackupStore.sha256(file);
            if (!sum.equals(entry.sha256())) {
                problems.add(entry.name() + " has SHA-256 " + sum + ", the manifest says " + entry.sha256());
            }
        }
        return problems;
    }
}
