package tokyo.seisei.operator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stack's lock holds against other processes for as long as it is held, whatever the holder asks meanwhile. */
class StackLocksTest {

    @TempDir
    Path root;

    /** The exit code of another process that tries the file's POSIX lock without waiting: 0 when it got it. */
    static int otherProcessLocks(Path file) throws IOException, InterruptedException {
        Process other = new ProcessBuilder("python3", "-c",
                "import fcntl, sys; f = open(sys.argv[1], 'a'); fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)",
                file.toString()).redirectErrorStream(true).start();
        other.getInputStream().readAllBytes();
        assertTrue(other.waitFor(30, TimeUnit.SECONDS));
        return other.exitValue();
    }

    @Test
    void theHolderAskingForTheLockAgainNeitherGetsItNorLetsItGo() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 tries the lock from another process");
        StateLayout layout = new StateLayout(root);
        StackLocks locks = new StackLocks(layout);
        try (StackLocks.Held held = locks.lock("shop")) {
            assertTrue(locks.tryLock("shop").isEmpty(), "not free while held");
            assertThrows(IllegalStateException.class, () -> locks.lock("shop"));

            assertTrue(otherProcessLocks(layout.lock("shop")) != 0, "another process still finds the stack locked");
        }
        assertEquals(0, otherProcessLocks(layout.lock("shop")), "free once released");
    }
}
