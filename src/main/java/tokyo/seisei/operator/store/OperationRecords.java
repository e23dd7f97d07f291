package tokyo.seisei.operator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <state-dir>/operations/<stack>.json}: the operation under way on a stack, replaced (and synced to disk)
 * before each action that changes the engine, and removed once the operation is closed in the status and history.
 */
public final class OperationRecords {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final StateLayout layout;

    public OperationRecords(StateLayout layout) {
        this.layout = layout;
    }

    public void write(OperationRecord record) {
        try {
            AtomicFiles.write(layout.operation(record.stack()), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stack's unfinished operation; a record that cannot be read is reported, never taken as none. */
    public Optional<OperationRecord> read(String stack) {
        Path file = layout.operation(stack);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), OperationRecord.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the operation record " + file + ": " + e.getMessage(), e);
        }
    }

    public void clear(String stack) {
        try {
            AtomicFiles.delete(layout.operation(stack));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + layout.operation(stack) + ": " + e.getMessage(), e);
        }
    }
}
