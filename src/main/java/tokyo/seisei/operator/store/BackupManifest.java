package tokyo.seisei.operator.store;

import java.util.List;

/**
 * {@code manifest.json} of a backup folder: what was saved, from which stack and version, and how to check it.
 * A folder without it is not a backup.
 *
 * @param format    1; raised when a field changes meaning
 * @param version   the stack's version that ran when the backup was taken
 * @param time      when the backup started, ISO-8601 with the host's offset, e.g. 2025-03-01T02:00:00+09:00
 * @param databases the dumps, one per database of spec.backup
 * @param files     every file of the folder but this manifest, with its size and SHA-256
 * @param notes     what people should know, e.g. why stack.yaml is missing
 */
public record BackupManifest(int format, String stack, String version, String time, List<Database> databases,
                             List<FileEntry> files, List<String> notes) {

    public static final int FORMAT = 1;

    public BackupManifest {
        databases = databases == null ? List.of() : List.copyOf(databases);
        files = files == null ? List.of() : List.copyOf(files);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * @param container the container the dump ran in
     * @param dump      the command that wrote the dump
     * @param restore   the command that reads it back, from spec.backup at the time
     * @param file      the gzipped dump in this folder
     * @param dumpBytes the size of the dump before compression
     */
    public record Database(String service, String container, List<String> dump, List<String> restore, String file,
                           long dumpBytes) {
    }

    /** @param sha256 lower-case hex */
    public record FileEntry(String name, long size, String sha256) {
    }
}
