package tokyo.seisei.operator.store;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

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

    /** Keeps a field on its line and out of the separators the grep recipes split on. */
    private static String field(String value) {
        return value == null ? "" : value.replaceAll("[\\r\\n]+", " ").replace('|', '/').trim();
    }
}
