package tokyo.seisei.operator.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A backup packed before retention removes it: {@code <archive-dir>/<stack>/<id>.tar.gz}, holding the folder
 * {@code <id>/} with its manifest, so the archive unpacks into a backup {@code stackctl restore} can use again.
 * Written to a temporary file beside it, synced, then renamed: a half-written archive never has the final name.
 * Folders 0700, the archive 0600, as the backups themselves (a dump holds every secret of its database).
 */
final class BackupArchive {

    private BackupArchive() {
    }

    /** @throws java.io.UncheckedIOException naming the archive when it cannot be written; the backup stays then */
    static void pack(BackupRecord backup, Path archive) {
        Path temp = null;
        try {
            Path folder = archive.getParent();
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(BackupStore.FOLDER));
            temp = Files.createTempFile(folder, "." + archive.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(BackupStore.FILE));
            try (OutputStream file = Files.newOutputStream(temp, StandardOpenOption.TRUNCATE_EXISTING);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (Path path : files(backup.path())) {
                    String name = backup.id() + "/" + backup.path().relativize(path);
                    TarArchiveEntry entry = new TarArchiveEntry(path.toFile(), name);
                    tar.putArchiveEntry(entry);
                    Files.copy(path, tar);
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw BackupStore.cannot("pack the backup " + backup.path() + " into " + archive, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the next prune's archive of this backup replaces it
                }
            }
        }
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
        }
    }
}
