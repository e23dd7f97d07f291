package tokyo.seisei.operator.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One complete backup of a stack, as {@link BackupStore#list} finds it.
 *
 * @param id        the folder's name: {@code YYYYMMDD_HHMMSS}, with {@code -2}, {@code -3} for a second backup
 *                  in the same second
 * @param sizeBytes the files' total size, the manifest left out
 */
public record BackupRecord(String stack, String id, Path path, Instant time, String version, long sizeBytes,
                           List<BackupManifest.FileEntry> files) {
}
