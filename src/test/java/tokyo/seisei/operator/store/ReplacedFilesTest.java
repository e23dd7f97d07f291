package tokyo.seisei.operator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;

/**
 * The files the operator replaces (status, pause, journal, applied, verified): a new file renamed over the old
 * one, so a reader sees the old content or the new, whole, never a truncated or half-written file; no
 * temporary file is left beside them; and each is created 0600.
 */
class ReplacedFilesTest {

    @TempDir
    Path root;

    StateLayout layout() {
        return new StateLayout(root);
    }

    static StackStatus status(String stack, Phase phase, String message) {
        return new StackStatus(stack, "staging", phase, "2026-11-26T13:52:10Z", message, "sha-2b3c4d5", "sha-1a2b3c4",
                "sha256:9c1d0e5b7a3f2c84", null, null, "sha-1a2b3c4", null, null,
                List.of(new StackStatus.Condition("Ready", phase == Phase.Ready ? "True" : "False", "Progressing", message,
                        "2026-11-26T13:52:10Z")),
                List.of(), null, null, "2026-11-26T13:52:10Z");
    }

    static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aStatusIsReplacedByANewFileNeverRewrittenInPlace() throws IOException {
        StatusStore store = new StatusStore(layout());
        store.write(status("shop", Phase.Progressing, "recreate web (image a -> b)"));
        Path file = layout().status("shop");
        String before = Files.readString(file);
        Object keyBefore = fileKey(file);

        // a reader that opened the file before the write goes on reading the whole old status
        try (InputStream reader = Files.newInputStream(file)) {
            store.write(status("shop", Phase.Ready, "running sha-2b3c4d5 " + "x".repeat(4000)));

            assertEquals(before, new String(reader.readAllBytes(), StandardCharsets.UTF_8),
                    "the old file was replaced, not truncated and written again");
        }
        assertNotEquals(keyBefore, fileKey(file), "a new file took the old one's place");
        assertEquals(Phase.Ready, store.read("shop").orElseThrow().phase());
        assertEquals(List.of("shop.yaml"), names(layout().statusDir()), "no temporary file is left beside it");
        assertEquals("rw-------", permissions(file));
    }

    @Test
    void aReaderNeverSeesAHalfWrittenStatus() throws Exception {
        StatusStore store = new StatusStore(layout());
        StackStatus small = status("shop", Phase.Ready, "running sha-1a2b3c4");
        StackStatus large = status("shop", Phase.Degraded, "smoke failed: " + "http answered 404; ".repeat(800));
        store.write(small);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                try {
                    Optional<StackStatus> read = store.read("shop");
                    if (read.isEmpty()) {
                        seen.add("no file");
                    } else if (!read.get().equals(small) && !read.get().equals(large)) {
                        seen.add("another status: " + read.get().message().length() + " chars of message");
                    }
                } catch (UncheckedIOException e) {
                    seen.add("unreadable: " + e.getMessage());
                }
            }
        });
        reader.start();
        try {
            for (int i = 0; i < 60; i++) {
                store.write(i % 2 == 0 ? large : small);
            }
        } finally {
            writing.set(false);
            reader.join();
        }
        List<String> wrong = new ArrayList<>(seen);
        assertTrue(wrong.isEmpty(), () -> wrong.size() + " read(s) saw neither whole status, first: " + wrong.get(0));
        assertEquals(List.of("shop.yaml"), names(layout().statusDir()));
    }

    @Test
    void aWriteThatCannotBeRenamedLeavesNoTemporaryFile() throws IOException {
        // a non-empty folder where the status file should be: the rename over it fails
        Path inTheWay = Files.createDirectories(layout().status("shop"));
        Files.writeString(inTheWay.resolve("keep"), "x");

        assertThrows(UncheckedIOException.class, () -> new StatusStore(layout()).write(status("shop", Phase.Ready, "running")));

        assertEquals(List.of("shop.yaml"), names(layout().statusDir()), "the temporary file was removed");
    }

    @Test
    void aPauseFileIsReplacedWholeAndPrivate() throws IOException {
        PauseStore pauses = new PauseStore(layout());
        pauses.pause("shop", new PauseStore.Pause("restoring the database by hand", "2026-11-26T13:51:52Z", "akiko"));
        Path file = root.resolve("pause").resolve("shop");
        String before = Files.readString(file);
        Object keyBefore = fileKey(file);

        try (InputStream reader = Files.newInputStream(file)) {
            pauses.pause("shop", new PauseStore.Pause("incident 42", "2026-11-26T14:00:00Z", "api"));

            assertEquals(before, new String(reader.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertNotEquals(keyBefore, fileKey(file));
        assertEquals(new PauseStore.Pause("incident 42", "2026-11-26T14:00:00Z", "api"), pauses.read("shop").orElseThrow());
        assertEquals(List.of("shop"), names(root.resolve("pause")));
        assertEquals("rw-------", permissions(file));
    }

    @Test
    void theOperationRecordAppliedAndVerifiedFilesAreReplacedWholeAndPrivate() throws IOException {
        OperationRecords operations = new OperationRecords(layout());
        ReleaseFiles releases = new ReleaseFiles(layout());
        Path desired = Files.writeString(root.resolve("shop.yaml"), "kind: Stack\nspec:\n  version: sha-1a2b3c4\n");

        OperationRecord begun = OperationRecord.begun(OperationRecord.DEPLOY, "shop", "deploy", "sha-1a2b3c4", null,
                "sha256:9c1d0e5b7a3f2c84", null, "t1");
        operations.write(begun.at("Pull", "Pull", List.of(), null, null, false));
        releases.applied("shop", Files.readAllBytes(desired));
        releases.verified("shop", "sha-1a2b3c4");
        List<Path> files = List.of(layout().operation("shop"), layout().applied("shop"), layout().verified("shop"));
        List<Object> keys = new ArrayList<>();
        for (Path file : files) {
            assertEquals("rw-------", permissions(file), file.toString());
            keys.add(fileKey(file));
        }

        Files.writeString(desired, "kind: Stack\nspec:\n  version: sha-2b3c4d5\n");
        operations.write(begun.at("Recreate", "Recreate", List.of(), null, null, false));
        releases.applied("shop", Files.readAllBytes(desired));
        releases.verified("shop", "sha-2b3c4d5");

        for (int i = 0; i < files.size(); i++) {
            assertNotEquals(keys.get(i), fileKey(files.get(i)), files.get(i) + " was replaced, not rewritten");
            assertEquals(List.of(files.get(i).getFileName().toString()), names(files.get(i).getParent()),
                    "no temporary file beside " + files.get(i));
        }
        assertTrue(Files.readString(layout().operation("shop")).contains("\"step\" : \"Recreate\""));
        assertEquals("kind: Stack\nspec:\n  version: sha-2b3c4d5\n", Files.readString(layout().applied("shop")));
        assertEquals("sha-2b3c4d5\n", Files.readString(layout().verified("shop")));
    }
}
