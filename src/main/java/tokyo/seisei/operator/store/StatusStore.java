package tokyo.seisei.operator.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tokyo.seisei.operator.model.StackStatus;

/**
 * {@code <state-dir>/status/<stack>.yaml}, one file a stack, replaced atomically. A file read before is not
 * parsed again while its inode, size and mtime stay the same: every pass reads every stack's status, and a replace
 * by any process (this one, a command, a person) is a rename, which gives the file a new inode.
 */
public final class StatusStore {

    static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final StateLayout layout;
    private final ParsedFiles<StackStatus> parsed = new ParsedFiles<>(file -> YAML.readValue(file.toFile(), StackStatus.class));

    public StatusStore(StateLayout layout) {
        this.layout = layout;
    }

    public Optional<StackStatus> read(String stack) {
        Path file = layout.status(stack);
        try {
            return parsed.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read status " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(StackStatus status) {
        Path file = layout.status(status.stack());
        parsed.forget(file);
        try {
            AtomicFiles.write(file, YAML.writeValueAsString(status));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A status, or a list of them, as YAML, the way the status files hold them. */
    public static String toYaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String toJson(Object value) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<StackStatus> readAll() {
        List<StackStatus> all = new ArrayList<>();
        if (!Files.isDirectory(layout.statusDir())) {
            return all;
        }
        try (Stream<Path> files = Files.list(layout.statusDir())) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
                    .forEach(n -> read(n.substring(0, n.length() - 5)).ifPresent(all::add));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }
}
