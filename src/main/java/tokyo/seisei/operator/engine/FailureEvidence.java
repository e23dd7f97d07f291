package tokyo.seisei.operator.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.engine.status.StackRecorder;
import tokyo.seisei.operator.engine.status.StatusDraft;
import tokyo.seisei.operator.engine.steps.Evidence;
import tokyo.seisei.operator.store.FailedLogs;

/**
 * Keeps what the containers of a failed version said, before the rollback stops them: each one's log in
 * {@code failed/<stack>/<service>.log}, an {@code Evidence} step in the events journal per container, and one line
 * for the status message. Failing to keep it never holds the rollback back.
 */
final class FailureEvidence implements Consumer<List<Evidence>> {

    static final String STEP = "Evidence";
    private static final Logger LOG = Logger.getLogger(FailureEvidence.class);

    private final FailedLogs logs;
    private final StackRecorder recorder;
    private final StatusDraft draft;
    private final String stack;
    private String excerpt = "";

    FailureEvidence(FailedLogs logs, StackRecorder recorder, StatusDraft draft, String stack) {
        this.logs = logs;
        this.recorder = recorder;
        this.draft = draft;
        this.stack = stack;
    }

    @Override
    public void accept(List<Evidence> said) {
        long started = System.nanoTime();
        Map<String, String> byService = new LinkedHashMap<>();
        // the log is served by the API and the page: a secret of the stack file the service printed is masked
        said.stream().filter(e -> e.log() != null).forEach(e -> byService.put(e.service(), draft.redact(e.log())));
        Map<String, Path> files = Map.of();
        String notSaved = null;
        try {
            files = said.isEmpty() ? Map.of() : logs.replace(stack, byService);
        } catch (RuntimeException e) {
            notSaved = e.getMessage();
            LOG.warnf("%s: the failed version's logs could not be saved: %s", stack, e.getMessage());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        for (Evidence e : said) {
            recorder.stepDone(draft, STEP, describe(e, files.get(e.service()), notSaved), took);
            if (excerpt.isEmpty() && e.lastLogLine() != null) {
                excerpt = "; last log line of " + e.service() + ": " + quote(e.lastLogLine()) + " (stackctl logs "
                        + stack + " --failed)";
            }
        }
    }

    /** "; last log line of web: "..." (stackctl logs shop --failed)", or nothing when no container said anything. */
    String excerpt() {
        return excerpt;
    }

    private String describe(Evidence e, Path file, String notSaved) {
        StringBuilder line = new StringBuilder(e.service() + " (" + e.container() + ")");
        if (e.health() != null) {
            line.append(": health ").append(e.health());
            if (e.healthSaid() != null) {
                line.append(", its healthcheck said ").append(quote(e.healthSaid()));
            }
        }
        if (e.log() == null) {
            return line.append("; its log could not be read: ").append(e.unread()).toString();
        }
        line.append("; last log line: ").append(e.lastLogLine() == null ? "none" : quote(e.lastLogLine()));
        if (file == null) {
            return line.append("; its log could not be saved: ").append(notSaved).toString();
        }
        return line.append("; its last ").append(e.log().lines().count()).append(" log line(s) saved in ").append(file)
                .toString();
    }

    /** What the container said, its secrets masked before it is cut and escaped: a secret across the cut stays hidden. */
    private String quote(String text) {
        return "\"" + draft.quoted(text, 160) + "\"";
    }
}
