package tokyo.seisei.operator.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** {@code <state-dir>/events/<stack>.jsonl}: every transition of a stack, one JSON object a line, for machines. */
public final class EventJournal {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param from       the phase or step left, null at the start
     * @param durationMs how long the stack spent in {@code from}
     * @param forced     true while a forced deploy (past the promotion gate) is converged, else absent
     * @param commit     the full sha of the commit the desired state came from, when it is a git repository
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(String time, String stack, String from, String to, String reason, String message,
                        Long durationMs, Boolean forced, String commit) {
    }

    private final StateLayout layout;
    private final Clock clock;

    public EventJournal(StateLayout layout, Clock clock) {
        this.layout = layout;
        this.clock = clock;
    }

    public void record(String stack, String from, String to, String reason, String message, Duration duration,
                       boolean forced) {
        record(stack, from, to, reason, message, duration, forced, null);
    }

    /** @param commit the commit the desired state came from, or null */
    public void record(String stack, String from, String to, String reason, String message, Duration duration,
                       boolean forced, String commit) {
        Event event = new Event(Instant.now(clock).toString(), stack, from, to, reason, message,
                duration == null ? null : duration.toMillis(), forced ? Boolean.TRUE : null, commit);
        try {
            AtomicFiles.appendLine(layout.events(stack), JSON.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
