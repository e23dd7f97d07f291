package tokyo.seisei.operator.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningDaemonsTest {

    @TempDir
    Path runtime;

    @TempDir
    Path stateDir;

    @Test
    void aDaemonSaysWhichStateDirItHoldsUntilItStops() throws IOException {
        RunningDaemons daemons = new RunningDaemons(List.of(runtime));
        Path file = daemons.register(stateDir).orElseThrow();
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "a stackctl of another user may read it");

        List<RunningDaemons.Entry> running = daemons.running();
        assertEquals(1, running.size());
        assertEquals(ProcessHandle.current().pid(), running.get(0).pid());
        assertTrue(running.get(0).holds(stateDir));
        assertFalse(running.get(0).holds(stateDir.resolve("other")));

        daemons.unregister();
        assertFalse(Files.exists(file), "a clean stop removes the file");
        assertEquals(List.of(), daemons.running());
    }

    @Test
    void aFileLeftByADeadDaemonOrAReusedPidIsIgnoredAndClearedAtTheNextStart() throws IOException {
        Process finished = new ProcessBuilder("true").start();
        finished.onExit().join();
        Path dead = runtime.resolve("daemon-" + finished.pid() + ".json");
        Files.writeString(dead, "{\"pid\":" + finished.pid() + ",\"stateDir\":\"/srv\"}");
        long self = ProcessHandle.current().pid();
        Path reused = runtime.resolve("daemon-" + self + "-old.json");
        Files.writeString(reused, "{\"pid\":" + self + ",\"processStart\":\"2000-01-01T00:00:00Z\",\"stateDir\":\"/srv\"}");
        Files.writeString(runtime.resolve("daemon-torn.json"), "{\"pid\":");

        RunningDaemons daemons = new RunningDaemons(List.of(runtime));
        assertEquals(List.of(), daemons.running(), "no daemon runs: the files are not believed");

        daemons.register(stateDir);
        assertFalse(Files.exists(dead), "the next daemon clears the dead one's file");
        assertEquals(1, daemons.running().size());
        daemons.unregister();
    }
}
