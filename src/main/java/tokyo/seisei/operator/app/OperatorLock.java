package tokyo.seisei.operator.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One daemon per state dir: {@code <state-dir>/operator.lock}, held for the life of the process (the kernel lets
 * it go when the process dies, however it dies), holding the holder's pid and start time.
 */
public final class OperatorLock {

    private static FileChannel held;

    private OperatorLock() {
    }

    /** @return empty when this process now holds the state dir; else why not, naming the holder */
    public static synchronized java.util.Optional<String> acquire(Path stateDir) {
        Path file = stateDir.resolve("operator.lock");
        try {
            Files.createDirectories(stateDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = Files.readString(file).lines().findFirst().orElse("pid unknown").strip();
                channel.close();
                return java.util.Optional.of("another operator (" + holder + ") holds " + stateDir.toAbsolutePath());
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\nstarted " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            held = channel;
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.of("cannot lock " + file + ": " + e.getMessage());
        }
    }
}
