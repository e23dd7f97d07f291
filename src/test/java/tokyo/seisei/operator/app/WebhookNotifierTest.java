package tokyo.seisei.operator.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A webhook URL is a credential: the log names its scheme, host and port only. */
@Timeout(60)
class WebhookNotifierTest {

    @Test
    void aDeliveryThatKeepsFailingIsLoggedWithTheSchemeAndHostOnly() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/services/T0001/B0002/XXXXsecretXXXX?token=abc");
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                Object[] args = record.getParameters();
                logged.add(args == null ? record.getMessage() : String.format(record.getMessage(), args));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(WebhookNotifier.class.getName());
        logger.addHandler(capture);
        try {
            WebhookNotifier notifier = new WebhookNotifier(url, new SimpleMeterRegistry());
            notifier.hostConditionChanged("DiskPressure", true, "/srv is 96% full");
            notifier.drain(Duration.ofSeconds(30));
        } finally {
            logger.removeHandler(capture);
        }

        String line = logged.stream().filter(l -> l.startsWith("webhook ")).findFirst()
                .orElseThrow(() -> new AssertionError("no failure line in " + logged));
        assertTrue(line.startsWith("webhook http://127.0.0.1:" + port + " failed after 4 attempts: "), line);
        assertFalse(line.contains("XXXXsecretXXXX") || line.contains("/services") || line.contains("token"), line);
    }

    @Test
    void theShownUrlKeepsSchemeHostAndPort() {
        assertEquals("https://hooks.slack.com", WebhookNotifier.shown(URI.create("https://hooks.slack.com/services/T0/B0/XYZ")));
        assertEquals("http://hook.example:8080",
                WebhookNotifier.shown(URI.create("http://me:pw@hook.example:8080/hook?key=1")));
    }
}
