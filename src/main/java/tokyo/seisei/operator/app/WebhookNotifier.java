package tokyo.seisei.operator.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.engine.status.HistoryLine;
import tokyo.seisei.operator.engine.status.OperatorEvents;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.store.BackupVerification;
import tokyo.seisei.operator.store.HistoryLog;

/**
 * POSTs a JSON message to {@code operator.notify.webhook-url} on every fail, rollback, blocked, FORCED and
 * Failed, and when the host's DiskPressure starts and clears. Slack-compatible: the {@code text} field is the summary line. Sent in the background and retried
 * with backoff, so a slow or broken receiver never holds back a deploy; failures are logged and counted.
 */
public final class WebhookNotifier implements OperatorEvents {

    private static final Logger LOG = Logger.getLogger(WebhookNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int ATTEMPTS = 4;

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "webhook");
        thread.setDaemon(true);
        return thread;
    });
    private final Counter sent;
    private final Counter failed;
    /** messages not yet delivered nor given up */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();

    public WebhookNotifier(URI url, MeterRegistry registry) {
        this.url = url;
        this.sent = Counter.builder("stack_operator_notifications_total").tag("result", "sent").register(registry);
        this.failed = Counter.builder("stack_operator_notifications_total").tag("result", "failed").register(registry);
    }

    @Override
    public void actionFinished(String stack, String environment, HistoryLine line) {
        String result = line.result();
        String reason = HistoryLog.ROLLBACK.equals(line.action())
                ? (HistoryLog.SUCCESS.equals(result) ? Reason.ROLLED_BACK : Reason.ROLLBACK_FAILED)
                : HistoryLog.RESTORE.equals(line.action()) ? (HistoryLog.FAIL.equals(result) ? Reason.RESTORE_FAILED : null)
                : HistoryLog.FAIL.equals(result) ? Reason.DEPLOY_FAILED
                : HistoryLog.BLOCKED.equals(result) ? Reason.DEPLOY_BLOCKED
                : line.forced() ? Reason.FORCED : null;
        if (reason != null) {
            String notes = line.writtenNotes();
            send(stack, environment, line.version(), reason, line.action() + " " + result
                    + (notes.isEmpty() ? "" : ": " + notes), line.forced());
        }
    }

    @Override
    public void phaseChanged(String stack, String environment, Phase phase, String version, String reason, String message) {
        if (phase == Phase.Failed) {
            send(stack, environment, version, reason, "stack is Failed: " + message, false);
        }
    }

    @Override
    public void backupVerified(String stack, String environment, BackupVerification verification) {
        if (!verification.passed()) {
            send(stack, environment, null, Reason.BACKUP_VERIFY_FAILED, "backup " + verification.backupId()
                    + " did not verify: " + verification.failure(), false);
        }
    }

    /** Once when the host condition starts and once when it clears; "host" in place of a stack. */
    @Override
    public void hostConditionChanged(String condition, boolean active, String message) {
        String words = active ? condition + " started: " + message : condition + " cleared: " + message;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("host", true);
        body.put("reason", condition);
        body.put("active", active);
        body.put("message", words);
        body.put("summary", "[host] " + words);
        body.put("text", "[host] " + words);
        post(body);
    }

    private void send(String stack, String environment, String version, String reason, String message, boolean forced) {
        String summary = "[" + stack + "/" + environment + "] " + reason + " " + version + ": " + message;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stack", stack);
        body.put("env", environment);
        body.put("version", version);
        body.put("reason", reason);
        body.put("message", message);
        body.put("forced", forced);
        body.put("summary", summary);
        body.put("text", summary);
        post(body);
    }

    private void post(Map<String, Object> body) {
        try {
            pending.incrementAndGet();
            attempt(JSON.writeValueAsString(body), 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized void delivered() {
        pending.decrementAndGet();
        notifyAll();
    }

    @Override
    public synchronized void drain(Duration within) {
        long until = System.nanoTime() + within.toNanos();
        while (pending.get() > 0 && System.nanoTime() < until) {
            try {
                wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The webhook as the log names it: its scheme, host and port only. The path (and any user or query) of a
     * Slack or Teams incoming webhook is its credential.
     */
    static String shown(URI url) {
        return url.getScheme() + "://" + (url.getHost() == null ? "?" : url.getHost())
                + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    private void attempt(String json, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                sent.increment();
                delivered();
                return;
            }
            String why = error != null ? String.valueOf(error.getMessage()).replace(url.toString(), shown(url))
                    : "HTTP " + response.statusCode();
            if (attempt >= ATTEMPTS) {
                failed.increment();
                LOG.warnf("webhook %s failed after %d attempts: %s", shown(url), attempt, why);
                delivered();
                return;
            }
            retries.schedule(() -> attempt(json, attempt + 1), 1L << (attempt - 1), TimeUnit.SECONDS);
        });
    }
}
