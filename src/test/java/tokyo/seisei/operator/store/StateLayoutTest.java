package tokyo.seisei.operator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.source.DesiredStateLoader;

class StateLayoutTest {

    @TempDir
    Path root;

    @Test
    void noPathIsBuiltFromANameThatBreaksTheRule() throws IOException {
        StateLayout layout = new StateLayout(root.resolve("state"));
        List<Function<String, Path>> paths = List.of(layout::status, layout::events, layout::backups, layout::applied,
                layout::verified, layout::ledger, layout::operation, layout::pause, layout::lock, layout::failedLogs,
                name -> layout.failedLog(name, "web"));
        for (String name : List.of("../../../tmp/x", "..", "a/b", "a\u0000b", "a\nb", "", "Shop", "x".repeat(64))) {
            for (Function<String, Path> path : paths) {
                assertThrows(IllegalArgumentException.class, () -> path.apply(name), name);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new PauseStore(layout).pause("../../x", new PauseStore.Pause("r", "t", "u")));
        assertThrows(IllegalArgumentException.class, () -> new StackLocks(layout).lock("../x"));
        assertThrows(IllegalArgumentException.class, () -> new ReleaseLedger(layout).releases("../x"));
        try (var files = Files.list(root)) {
            assertEquals(List.of(), files.toList(), "nothing was written, not even the state dir");
        }
    }

    @Test
    void aFailedVersionsLogIsAFileOfItsServiceInTheStacksFolder() {
        StateLayout layout = new StateLayout(root);
        assertEquals(root.resolve("failed").resolve("shop").resolve("web.log"), layout.failedLog("shop", "web"));
        for (String service : List.of("..", "../web", "a/b", ".hidden", "", "a\nb")) {
            assertThrows(IllegalArgumentException.class, () -> layout.failedLog("shop", service), service);
        }
    }

    @Test
    void theHostWidePauseIsTheOneOtherName() {
        StateLayout layout = new StateLayout(root);
        assertEquals(root.resolve("pause").resolve("_all"), layout.pause(PauseStore.ALL));
        assertThrows(IllegalArgumentException.class, () -> layout.status(PauseStore.ALL));
        assertEquals(root.resolve("status").resolve("odoo18-prod.yaml"), layout.status("odoo18-prod"));
    }

    @Test
    void theHistoryAndTheEventsAreCreatedReadableByOwnerAndGroupOnly() throws IOException {
        StateLayout layout = new StateLayout(root);
        new HistoryLog(layout, Clock.systemUTC()).record("shop", "staging", "deploy", "v1", "success", "");
        new EventJournal(layout, Clock.systemUTC()).record("shop", null, "Ready", "Deployed", "m", null, false);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.history())));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.events("shop"))));
    }

    @Test
    void theRunningFileIsNotReadThroughALinkNorWhenItChangedSinceItWasLoaded() throws IOException {
        Path secret = Files.writeString(root.resolve("shadow"), "root:$6$secret\n");
        Path link = Files.createSymbolicLink(root.resolve("shop.yaml"), secret);
        Path regular = Files.writeString(root.resolve("zoo.yaml"), "kind: Stack\n");
        String revision = new DesiredStateLoader(java.util.Map.of()).load(regular).revision();

        assertTrue(DesiredStateLoader.contentAt(link, revision).isEmpty());
        assertEquals("kind: Stack\n", new String(DesiredStateLoader.contentAt(regular, revision).orElseThrow()));
        Files.writeString(regular, "kind: Stack\n# edited\n");
        assertTrue(DesiredStateLoader.contentAt(regular, revision).isEmpty(), "not the bytes loaded any more");
    }

    @Test
    void controlCharactersNeverReachTheHistory() throws IOException {
        StateLayout layout = new StateLayout(root);
        new HistoryLog(layout, Clock.systemUTC()).record("shop", "staging", "deploy", "v1", "fail", "bad\u001b[2J\nnote|x");
        String line = Files.readString(layout.history());
        assertEquals(1, line.lines().count());
        assertFalse(line.contains("\u001b"), line);
        assertTrue(line.strip().endsWith("| fail | bad\\u001b[2J note/x"), line);
    }
}
