package tokyo.seisei.operator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * {@code <state-dir>/instance-id}: which operator a container belongs to. Made once, at the first start on a state
 * dir, and kept there, so every process on that state dir (the daemon and each command) labels and claims the same
 * containers, and an operator on another state dir, on the same engine, claims none of them.
 */
public final class InstanceId {

    private InstanceId() {
    }

    public static String of(StateLayout layout) {
        Path file = layout.root().resolve("instance-id");
        try {
            if (Files.isRegularFile(file)) {
                String id = Files.readString(file).strip();
                if (id.matches("[0-9a-f]{12}")) {
                    return id;
                }
            }
            byte[] random = new byte[6];
            new SecureRandom().nextBytes(random);
            String id = HexFormat.of().formatHex(random);
            AtomicFiles.write(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
