package tokyo.seisei.operator.app;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Calls back soon after files of a folder change: the burst of events a save or a checkout makes is drained first,
 * then one call. Polling stays the safety net: a missed event only delays the work to the next poll.
 */
final class FolderWatch {

    private static final Logger LOG = Logger.getLogger(FolderWatch.class);

    private FolderWatch() {
    }

    static void start(String name, Path dir, long settleMillis, Runnable changed) {
        Thread thread = new Thread(() -> watch(dir, settleMillis, changed), name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void watch(Path dir, long settleMillis, Runnable changed) {
        try (WatchService service = FileSystems.getDefault().newWatchService()) {
            Files.createDirectories(dir);
            dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            changed.run(); // what arrived before the watch began
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
        }
    }
}
