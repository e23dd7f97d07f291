package tokyo.seisei.operator.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <state-dir>/releases/ledger/<stack>.jsonl}: one line per verified release, appended when a smoke
 * verified it, with the image digests that ran, so another stack can deploy exactly those.
 */
public final class ReleaseLedger {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param digests      by service: the image as {@code name@sha256:...}
     * @param smokeSeconds how long the smoke that verified it took
     * @param forced       true when the release was forced past a promotion gate
     * @param forceReason  the force's reason, else null
     * @param commit       the full sha of the commit the desired state came from, when it is a git repository
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Release(String version, Map<String, String> digests, String revision, String time, double smokeSeconds,
                          boolean forced, String forceReason, String commit) {

        public Release(String version, Map<String, String> digests, String revision, String time, double smokeSeconds,
                       boolean forced, String forceReason) {
            this(version, digests, revision, time, smokeSeconds, forced, forceReason, null);
        }

        /** Reads lines of either form: {@code forced: true} with {@code forceReason}, or {@code forced: "<reason>"}. */
        @JsonCreator
        static Release read(@JsonProperty("version") String version, @JsonProperty("digests") Map<String, String> digests,
                            @JsonProperty("revision") String revision, @JsonProperty("time") String time,
                            @JsonProperty("smokeSeconds") double smokeSeconds, @JsonProperty("forced") JsonNode forced,
                            @JsonProperty("forceReason") String forceReason, @JsonProperty("commit") String commit) {
            boolean wasForced = forced != null && (forced.isTextual() ? !forced.asText().isEmpty() : forced.asBoolean());
            String reason = forceReason != null || forced == null || !forced.isTextual() ? forceReason : forced.asText();
            return new Release(version, digests, revision, time, smokeSeconds, wasForced, reason, commit);
        }
    }

    private final StateLayout layout;

    public ReleaseLedger(StateLayout layout) {
        this.layout = layout;
    }

    public void append(String stack, Release release) {
        try {
            AtomicFiles.appendLine(file(stack), JSON.writeValueAsString(release));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every verified release of the stack, oldest first. */
    public List<Release> releases(String stack) {
        Path file = file(stack);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            // a line torn by a crash is skipped, not a reason to refuse every promotion
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(ReleaseLedger::parse)
                    .flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The latest verification of this version on the stack, if it was ever verified there. */
    public Optional<Release> find(String stack, String version) {
        List<Release> all = releases(stack);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).version().equals(version)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    private Path file(String stack) {
        return layout.ledger(stack);
    }

    private static Optional<Release> parse(String line) {
        try {
            return Optional.of(JSON.readValue(line, Release.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
