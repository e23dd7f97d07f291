package tokyo.seisei.operator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * {@code <state-dir>/journal/<stack>.json}: what the deploy in progress is about to do, replaced before each
 * step that changes something and removed when the deploy ends, so a restart can tell where it stood.
 */
public final class DeployJournal {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param replacements old and new container ids, as far as they are known */
    public record Entry(String stack, String targetVersion, String revision, String step, String time,
                       List<?> replacements) {
    }

    private final StateLayout layout;

    public DeployJournal(StateLayout layout) {
        this.layout = layout;
    }

    public void write(Entry entry) {
        try {
            AtomicFiles.write(layout.journal(entry.stack()), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void clear(String stack) {
        try {
            Files.deleteIfExists(layout.journal(stack));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + layout.journal(stack) + ": " + e.getMessage(), e);
        }
    }
}
