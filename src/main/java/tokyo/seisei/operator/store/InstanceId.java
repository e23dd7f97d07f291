package tokyo.seisei.operator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code <state-dir>/instance-id}: which operator a container belongs to. Made once, at the first start on a state
 * dir, and kept there, so every process on that state dir (the daemon and each command) labels and claims the same
 * containers, and an operator on another state dir, on the same engine, claims none of them.
 */
public final class InstanceId {

    private InstanceId() {
    }

    /** Two workers, or two processes, starting at once on a new state dir agree on one id: the first one written. */
    public static synchronized String of(StateLayout layout) {
        Path file = layout.root().resolve("instance-id");
        try {
            Optional<String> existing = read(file);
            if (existing.isPresent()) {
                return existing.get();
            }
            byte[] random = new byte[6];
            new SecureRandom().nextBytes(random);
            String id = HexFormat.of().formatHex(random);
            Path draft = Files.createTempFile(layout.root(), ".instance-id", ".tmp");
            try {
                Files.writeString(draft, id + "\n");
                Files.createLink(file, draft); // fails when another process wrote its id first
                return id;
            } catch (FileAlreadyExistsException e) {
                return read(file).orElseThrow(() -> new IOException(file + " holds no instance id"));
            } finally {
                Files.deleteIfExists(draft);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String id = Files.readString(file).strip();
        return id.matches("[0-9a-f]{12}") ? Optional.of(id) : Optional.empty();
    }
}
