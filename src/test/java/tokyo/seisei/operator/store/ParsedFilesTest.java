package tokyo.seisei.operator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParsedFilesTest {

    @TempDir
    Path dir;

    final AtomicInteger parses = new AtomicInteger();
    final ParsedFiles<String> files = new ParsedFiles<>(file -> {
        parses.incrementAndGet();
        return Files.readString(file);
    });

    @Test
    void aFileIsParsedOnceWhileItStaysTheSameAndAgainOnceReplaced() throws Exception {
        Path file = dir.resolve("verified.txt");
        AtomicFiles.write(file, "v1");

        assertEquals(Optional.of("v1"), files.read(file));
        assertEquals(Optional.of("v1"), files.read(file));
        assertEquals(1, parses.get(), "unchanged: not parsed again");

        AtomicFiles.write(file, "v2"); // same size: the rename's new inode tells
        assertEquals(Optional.of("v2"), files.read(file));
        assertEquals(2, parses.get());

        files.forget(file);
        assertEquals(Optional.of("v2"), files.read(file));
        assertEquals(3, parses.get(), "forgotten: parsed again");

        Files.delete(file);
        assertEquals(Optional.empty(), files.read(file));
    }
}
