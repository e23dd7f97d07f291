package tokyo.seisei.operator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runbook's {@code releases/verified/<stack>.txt} (the last version a smoke verified) and the copy of
 * the desired-state file that runs, which backups and rollbacks read.
 */
public final class ReleaseFiles {

    private final StateLayout layout;
    /** Each stack's verified version as its file held it, by the file's attributes: every converge reads it. */
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    private record Known(Object fileKey, long size, FileTime modified, String version) {

        boolean describes(BasicFileAttributes file) {
            return Objects.equals(fileKey, file.fileKey()) && size == file.size() && modified.equals(file.lastModifiedTime());
        }
    }

    public ReleaseFiles(StateLayout layout) {
        this.layout = layout;
    }

    public void verified(String stack, String version) {
        AtomicFiles.write(layout.verified(stack), version + "\n");
    }

    /** Read again only when the file's inode, size or mtime changed (a replace is a rename: a new inode). */
    public Optional<String> verified(String stack) {
        Path file = layout.verified(stack);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Known before = known.get(stack);
            if (before != null && before.describes(attributes)) {
                return Optional.of(before.version());
            }
            String version = Files.readString(file).strip();
            known.put(stack, new Known(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(), version));
            return Optional.of(version);
        } catch (NoSuchFileException e) {
            known.remove(stack);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Saves the desired-state file as it is now; a file that has become a link since it was read is not followed. */
    public void applied(String stack, Path desiredFile) {
        try (java.io.InputStream in = Files.newInputStream(desiredFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            AtomicFiles.write(layout.applied(stack), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + desiredFile + ": " + e.getMessage(), e);
        }
    }
}
