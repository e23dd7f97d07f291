package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The trap of two state dirs: a stackctl that reads another state dir than the daemon's is told where the daemon records. */
@ExtendWith(LabExtension.class)
class StateDirIT {

    @TempDir
    Path root;

    @Test
    void aCommandOnAnEmptyStateDirSaysWhereTheDaemonRecords() throws IOException {
        Path elsewhere = Files.createDirectories(root.resolve("srv"));
        try (RunningDaemon daemon = new RunningDaemon(root).start()) {
            Stackctl wrong = new Stackctl(daemon.desiredStateDir, elsewhere);
            String daemonDir = daemon.stateDir.toRealPath().toString();

            Lab.Result status = wrong.run("status");
            assertEquals(0, status.exitCode(), status.errors());
            assertTrue(status.errors().startsWith("state dir: " + elsewhere + "\n"), status.errors());
            assertTrue(status.errors().contains("no records in " + elsewhere + "; "), status.errors());
            assertTrue(status.errors().contains(daemonDir + " (pid ") || status.errors().matches(
                    "(?s).*a daemon \\(pid \\d+\\) runs on " + java.util.regex.Pattern.quote(daemonDir) + ": set operator.state-dir.*"),
                    status.errors());
            assertEquals("", wrong.run("history").output(), "stdout stays the history's lines alone");

            Lab.Result pause = wrong.run("pause", "--all", "--reason", "maintenance");
            assertEquals(0, pause.exitCode(), pause.errors());
            assertTrue(pause.errors().contains("warning: the pause is recorded in " + elsewhere + ", which no daemon reads"),
                    pause.errors());

            Lab.Result right = new Stackctl(daemon.desiredStateDir, daemon.stateDir).run("status");
            assertTrue(right.errors().startsWith("state dir: " + daemon.stateDir + "\n"), right.errors());
            assertFalse(right.errors().contains("no records"), "the daemon's own state dir: " + right.errors());
        }
        Lab.Result after = new Stackctl(root.resolve("desired-state"), elsewhere).run("status");
        assertFalse(after.errors().contains(root.resolve("state").toString()),
                "a stopped daemon removed its runtime file: " + after.errors());
    }
}
