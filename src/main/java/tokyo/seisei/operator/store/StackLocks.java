package tokyo.seisei.operator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One reconcile per stack at a time, across processes: the daemon and a {@code stackctl reconcile} run
 * beside it take the same lock file, {@code <state-dir>/locks/<stack>.lock}.
 */
public final class StackLocks {

    private final Path dir;

    public StackLocks(StateLayout layout) {
        this.dir = layout.root().resolve("locks");
    }

    /** Blocks until the stack is free; close the result to release it. */
    public AutoCloseable lock(String stack) {
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(stack + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            return () -> {
                lock.release();
                channel.close();
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock stack " + stack + " in " + dir + ": " + e.getMessage(), e);
        }
    }
}
