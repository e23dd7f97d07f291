package tokyo.seisei.operator.app;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Calls back soon after files of a folder change: the burst of events a save or a checkout makes is drained first,
 * then one call. Polling stays the safety net: a missed event only delays the work to the next poll.
 */
final class FolderWatch {

    private static final Logger LOG = Logger.getLogger(FolderWatch.class);
    /** A watch is set in milliseconds; a start never waits on a folder longer than this. */
    private static final Duration SET_UP_WAIT = Duration.ofSeconds(5);

    private FolderWatch() {
    }

    /**
     * Watches the folder on a thread of its own, and returns once the watch is set (or could not be). With
     * {@code catchUp}, calls back once at once, for what arrived before the watch began.
     */
    static void start(String name, Path dir, long settleMillis, boolean catchUp, Runnable changed) {
        CountDownLatch watching = new CountDownLatch(1);
        Thread thread = new Thread(() -> watch(dir, settleMillis, catchUp, changed, watching), name);
        thread.setDaemon(true);
        thread.start();
        try {
            watching.await(SET_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void watch(Path dir, long settleMillis, boolean catchUp, Runnable changed, CountDownLatch watching) {
        try (WatchService service = FileSystems.getDefault().newWatchService()) {
            Files.createDirectories(dir);
            dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            watching.countDown();
            if (catchUp) {
                changed.run();
            }
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = service.take();
                do {
                    key.pollEvents();
                    key.reset();
                    key = service.poll(settleMillis, TimeUnit.MILLISECONDS);
                } while (key != null);
                changed.run();
            }
        } catch (IOException e) {
            LOG.warnf("cannot watch %s (%s); changes are seen at the next poll", dir, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watching.countDown();
        }
    }
}
