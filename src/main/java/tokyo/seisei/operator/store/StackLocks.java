package tokyo.seisei.operator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One reconcile per stack at a time, across processes and threads: the daemon and a {@code stackctl} command
 * run beside it take the same lock file, {@code <state-dir>/locks/<stack>.lock}; threads of one process take a
 * lock of their own first, since a process cannot hold one file lock twice.
 */
public final class StackLocks {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    /** A held lock; {@link #waited()} says whether someone else held it first, so what was read before may be stale. */
    public interface Held extends AutoCloseable {
        boolean waited();

        @Override
        void close();
    }

    private final StateLayout layout;
    private final Path dir;
    /** Each stack's lock file, checked and resolved once: every pass takes every stack's lock. */
    private final Map<String, Path> files = new ConcurrentHashMap<>();

    public StackLocks(StateLayout layout) {
        this.layout = layout;
        this.dir = layout.root().resolve("locks");
    }

    /** Blocks until the stack is free; close the result to release it. */
    public Held lock(String stack) {
        Path file = files.computeIfAbsent(stack, s -> layout.lock(s).toAbsolutePath().normalize());
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        if (local.isHeldByCurrentThread()) {
            // a second channel on the file, once closed, would drop the lock this process holds through the first
            throw new IllegalStateException("stack " + stack + " is locked already by this thread");
        }
        boolean waited = !local.tryLock();
        if (waited) {
            local.lock();
        }
        FileChannel channel = null;
        try {
            channel = open(file);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                waited = true;
                lock = channel.lock();
            }
            return held(local, channel, lock, waited);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            local.unlock();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot lock stack " + stack + " in " + dir + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The stack's lock if nobody holds it now; empty when somebody does. Close the result to release it. */
    public Optional<Held> tryLock(String stack) {
        Path file = dir.resolve(stack + ".lock").toAbsolutePath().normalize();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        // held by this very thread further up: not free, and a second channel, once closed, would drop that lock
        if (local.isHeldByCurrentThread() || !local.tryLock()) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = open(file);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(held(local, channel, lock, false));
            }
        } catch (IOException | OverlappingFileLockException e) {
            // not lockable: not free
        }
        closeQuietly(channel);
        local.unlock();
        return Optional.empty();
    }

    private FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            Files.createDirectories(dir); // the first lock taken here, or the folder was removed since
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
    }

    private static Held held(ReentrantLock local, FileChannel channel, FileLock lock, boolean waited) {
        return new Held() {
            @Override
            public boolean waited() {
                return waited;
            }

            @Override
            public void close() {
                try {
                    lock.release();
                } catch (IOException ignored) {
                    // closing the channel releases it too
                } finally {
                    closeQuietly(channel);
                    local.unlock();
                }
            }
        };
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
