package tokyo.seisei.operator.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts a pass soon after a desired-state file changes, instead of waiting for the next poll. Polling stays
 * the safety net: a missed file event only delays a change to the next poll.
 */
@ApplicationScoped
public class DesiredStateWatcher {

    private static final Logger LOG = Logger.getLogger(DesiredStateWatcher.class);
    /** Lets an editor or a git checkout finish writing the files before the pass reads them. */
    private static final long SETTLE_MILLIS = 500;

    @Inject
    OperatorConfig config;

    @Inject
    Daemon daemon;

    public void start() {
        Thread thread = new Thread(this::watch, "desired-state-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        Path dir = Path.of(config.desiredStateDir());
        try (WatchService service = FileSystems.getDefault().newWatchService()) {
            dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = service.take();
                // Drain the burst of events a save or a checkout makes, then run one pass for all of them.
                do {
                    key.pollEvents();
                    key.reset();
                    key = service.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
                } while (key != null);
                LOG.infof("desired state changed in %s", dir);
                daemon.requestPass(null);
            }
        } catch (IOException e) {
            LOG.warnf("cannot watch %s (%s); changes are seen at the next poll", dir, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
