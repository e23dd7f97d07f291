package tokyo.seisei.operator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tokyo.seisei.operator.model.Printable;

/**
 * {@code <state-dir>/deploy-history.log} in the runbook's exact format, one line per finished action:
 * {@code YYYY-MM-DD HH:MM:SS | stack | env | action | version | status | notes}, in the host's local time as
 * the runbook's {@code date} wrote it.
 */
public final class HistoryLog {

    public static final String DEPLOY = "deploy";
    public static final String HEAL = "heal";
    public static final String ROLLBACK = "rollback";
    public static final String SUCCESS = "success";
    public static final String FAIL = "fail";
    public static final String BLOCKED = "blocked";
    public static final String RESTORE = "restore";
    /** a person's {@code stackctl pause} (or the pause a manual rollback leaves); notes: the reason */
    public static final String PAUSE = "pause";
    /** a person's {@code stackctl resume}; notes: the reason of the pause it lifts */
    public static final String RESUME = "resume";
    /** containers {@code docker compose} made, taken over by a deploy; the version is the one they ran */
    public static final String ADOPT = "adopt";
    /** version written when the containers taken over do not tell theirs */
    public static final String UNKNOWN_VERSION = "-";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final StateLayout layout;
    private final Clock clock;

    public HistoryLog(StateLayout layout, Clock clock) {
        this.layout = layout;
        this.clock = clock;
    }

    public void record(String stack, String environment, String action, String version, String status, String notes) {
        AtomicFiles.appendLine(layout.history(), String.join(" | ",
                LocalDateTime.now(clock).format(TIME), field(stack), field(environment), field(action), field(version),
                field(status), field(notes)).stripTrailing());
    }

    /**
     * One line of the log, split into its fields.
     *
     * @param line the line as written, printed back unchanged
     */
    public record Entry(String time, String stack, String environment, String action, String version, String status,
                        String notes, String line) {

        public boolean forced() {
            return notes.startsWith("FORCED");
        }
    }

    /** Every well-formed line, oldest first; lines of another shape (hand edits) are skipped. */
    public List<Entry> read() {
        Path file = layout.history();
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(HistoryLog::parse).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Entry> parse(String line) {
        String[] f = line.split(" \\| ", 7);
        if (f.length < 6) {
            return Optional.empty();
        }
        String status = f[5].endsWith(" |") ? f[5].substring(0, f[5].length() - 2) : f[5].replaceFirst(" ?\\|$", "");
        return Optional.of(new Entry(f[0], f[1], f[2], f[3], f[4], status.strip(), f.length > 6 ? f[6] : "", line));
    }

    /** Keeps a field on its line and out of the separators the grep recipes split on. */
    private static String field(String value) {
        return value == null ? "" : Printable.escape(value.replaceAll("[\\r\\n]+", " ")).replace('|', '/').trim();
    }
}
