package tokyo.seisei.operator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes that a crash can never leave half done: a temporary file beside the target, synced, then renamed over it. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    public static void write(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] content) {
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    writeWhole(channel, ByteBuffer.wrap(content));
                    channel.force(true);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                syncDirectory(target.getParent());
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * A write may take less than it was given (a disk that fills up, a file size limit); the rest is written until
     * the file system refuses with an error, so a file cut short is never renamed over a whole one.
     */
    private static void writeWhole(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /**
     * Removes the file, and syncs its folder so the removal survives a crash as a rename would.
     *
     * @return true when there was a file to remove
     */
    public static boolean delete(Path target) throws IOException {
        boolean removed = Files.deleteIfExists(target);
        if (removed) {
            syncDirectory(target.getParent());
        }
        return removed;
    }

    /** The rename itself survives a crash only once the folder holding it is synced. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // a file system that cannot sync a folder still renamed atomically; nothing more can be done here
        }
    }

    /** Appends in this process, one at a time: a file lock is the process's, so threads take turns first. */
    private static final Object APPENDING = new Object();

    /** A log is created readable by its owner and group only: it may quote what the desired state says. */
    public static final Set<PosixFilePermission> LOG_MODE = PosixFilePermissions.fromString("rw-r-----");

    /**
     * Appends one line in a single write to a file opened for append, under the file's lock, so
     * concurrent writers never interleave within a line and a crash loses at most the line being written; a log is
     * never rewritten. A last line left without its end (a crash or a full disk in the middle of a write) is ended
     * first, in the same write, so the new line is never glued to it. A new file is created 0640 ({@link #LOG_MODE}).
     */
    public static void appendLine(Path target, String line) {
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(target, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(LOG_MODE))) {
                // the look at the last byte and the write go together: another writer's line, seen half written, is not torn
                synchronized (APPENDING) {
                    try (FileLock held = channel.lock()) {
                        String ended = endsTorn(target) ? "\n" + line + "\n" : line + "\n";
                        writeWhole(channel, ByteBuffer.wrap(ended.getBytes(StandardCharsets.UTF_8)));
                        channel.force(false);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + target + ": " + e.getMessage(), e);
        }
    }

    /** True when the file's last byte is not the end of a line. */
    private static boolean endsTorn(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            return last.get(0) != '\n';
        }
    }
}
