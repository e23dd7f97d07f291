package tokyo.seisei.operator.store;

import java.io.IOException;
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
 * What files parsed to, kept by path while a file's inode, size and mtime stay the same: every pass reads the
 * state dir's files, and the operator replaces a file by a rename (a new inode), so a file is parsed again only
 * when it changed.
 */
final class ParsedFiles<T> {

    /** Reads and parses one file. */
    interface Parser<T> {
        T parse(Path file) throws IOException;
    }

    private record Known<T>(Object fileKey, long size, FileTime modified, T value) {

        boolean describes(BasicFileAttributes file) {
            return Objects.equals(fileKey, file.fileKey()) && size == file.size() && modified.equals(file.lastModifiedTime());
        }
    }

    private final Map<Path, Known<T>> known = new ConcurrentHashMap<>();
    private final Parser<T> parser;

    ParsedFiles(Parser<T> parser) {
        this.parser = parser;
    }

    /** @return empty when there is no such file */
    Optional<T> read(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Known<T> before = known.get(file);
            if (before != null && before.describes(attributes)) {
                return Optional.of(before.value());
            }
            T value = parser.parse(file);
            known.put(file, new Known<>(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(), value));
            return Optional.of(value);
        } catch (NoSuchFileException e) {
            known.remove(file);
            return Optional.empty();
        }
    }

    /** The file is about to change: its next read parses it. */
    void forget(Path file) {
        known.remove(file);
    }
}
