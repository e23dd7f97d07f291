package tokyo.seisei.operator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The runbook's {@code releases/verified/<stack>.txt} (the last version a smoke verified) and the copy of
 * the desired-state file that runs, which backups and rollbacks read.
 */
public final class ReleaseFiles {

    private final StateLayout layout;
    /** Each stack's verified version as its file held it: every converge reads it. */
    private final ParsedFiles<String> verified = new ParsedFiles<>(file -> Files.readString(file).strip());

    public ReleaseFiles(StateLayout layout) {
        this.layout = layout;
    }

    public void verified(String stack, String version) {
        AtomicFiles.write(layout.verified(stack), version + "\n");
    }

    public Optional<String> verified(String stack) {
        Path file = layout.verified(stack);
        try {
            return verified.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Saves the desired-state file of the version that now runs, as it was deployed. */
    public void applied(String stack, byte[] deployed) {
        AtomicFiles.write(layout.applied(stack), deployed);
    }

    /** The file of the version that now runs is not known (a manual rollback, a file changed since it was read). */
    public void forgetApplied(String stack) {
        try {
            AtomicFiles.delete(layout.applied(stack));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + layout.applied(stack) + ": " + e.getMessage(), e);
        }
    }
}
