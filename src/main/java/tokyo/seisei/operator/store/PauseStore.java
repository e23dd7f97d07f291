package tokyo.seisei.operator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Host-local pauses, for manual work without a commit: {@code <state-dir>/pause/<stack>} holds the reason,
 * the time and the user; {@code <state-dir>/pause/_all} pauses every stack. ("_" cannot start a stack name.)
 */
public final class PauseStore {

    public static final String ALL = "_all";

    /** @param since ISO-8601 instant */
    public record Pause(String reason, String since, String user) {
    }

    private final StateLayout layout;

    public PauseStore(StateLayout layout) {
        this.layout = layout;
    }

    public void pause(String stack, Pause pause) {
        try {
            AtomicFiles.write(file(stack), StatusStore.YAML.writeValueAsString(pause));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return true when there was a pause to lift */
    public boolean resume(String stack) {
        try {
            return AtomicFiles.delete(file(stack));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file(stack) + ": " + e.getMessage(), e);
        }
    }

    /** The stack's own pause, else the host-wide one. */
    public Optional<Pause> pauseOf(String stack) {
        return read(stack).or(() -> read(ALL));
    }

    public Optional<Pause> read(String stack) {
        Path file = file(stack);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(StatusStore.YAML.readValue(file.toFile(), Pause.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Path file(String stack) {
        return layout.pause(stack);
    }
}
