package tokyo.seisei.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowedFileTest {

    @TempDir
    Path dir;

    @Test
    void handsOverWholeLinesAppendedSinceItsLastLook() throws Exception {
        Path journal = dir.resolve("shop.jsonl");
        Files.writeString(journal, "{\"old\":1}\n");
        FollowedFile followed = new FollowedFile(journal);
        assertEquals(List.of(), followed.newLines(), "what was there before is not followed");

        append(journal, "{\"a\":1}\n{\"b\":");
        assertEquals(List.of("{\"a\":1}"), followed.newLines(), "a line being written waits for its end");
        append(journal, "2}\n");
        assertEquals(List.of("{\"b\":2}"), followed.newLines());
        assertEquals(List.of(), followed.newLines());
    }

    @Test
    void aFileReplacedByAShorterOneIsReadFromItsStart() throws Exception {
        Path journal = dir.resolve("shop.jsonl");
        FollowedFile followed = new FollowedFile(journal);
        assertEquals(List.of(), followed.newLines(), "no file yet");
        Files.writeString(journal, "{\"a\":1}\n{\"b\":2}\n");
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), followed.newLines());

        Files.writeString(journal, "{\"c\":3}\n");
        assertEquals(List.of("{\"c\":3}"), followed.newLines());
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }
}
