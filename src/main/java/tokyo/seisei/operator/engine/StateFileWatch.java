package tokyo.seisei.operator.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.store.PauseStore;
import tokyo.seisei.operator.store.StateLayout;

/**
 * Tells {@link QuietStacks} of every change to the state files a converge reads, whoever makes it: this daemon, a
 * command, a person with an editor. A file named after its stack (status, operation, pause) marks that stack; a
 * verified release or a ledger, which other stacks' promotions read, and a pause of the whole host mark every stack.
 * If the watch breaks, no stack is left alone any more.
 */
public final class StateFileWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StateFileWatch.class);

    private final WatchService service;
    private final QuietStacks quiet;
    /** Each folder watched, and whether its files are named after their stack. */
    private final Map<WatchKey, Boolean> byStack = new HashMap<>();

    private StateFileWatch(StateLayout layout, QuietStacks quiet) throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
        this.quiet = quiet;
        try {
            watch(layout.statusDir(), true);
            watch(layout.operationsDir(), true);
            watch(layout.pauseDir(), true);
            watch(layout.verifiedDir(), false);
            watch(layout.ledgerDir(), false);
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /**
     * Watches the state files from now on; a change made before this returns is seen by the next converge anyway.
     * When the folders cannot be watched, the stacks are simply never left alone.
     */
    public static AutoCloseable start(StateLayout layout, QuietStacks quiet) {
        try {
            StateFileWatch watch = new StateFileWatch(layout, quiet);
            quiet.watching(true);
            Thread thread = new Thread(watch::run, "state-file-watch");
            thread.setDaemon(true);
            thread.start();
            return watch;
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("cannot watch the state files (%s): every stack is converged at every pass", e.getMessage());
            return () -> { };
        }
    }

    private void watch(Path folder, boolean namedAfterStack) throws IOException {
        Files.createDirectories(folder);
        byStack.put(folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE), namedAfterStack);
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                key.pollEvents().forEach(event -> changed(byStack.get(key), event));
                if (!key.reset()) {
                    LOG.warnf("%s is no longer watched (removed?): every stack is converged at every pass", key.watchable());
                    return;
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException stopped) {
            // closed
        } catch (RuntimeException e) {
            LOG.errorf(e, "the watch of the state files failed: every stack is converged at every pass");
        } finally {
            quiet.watching(false);
        }
    }

    private void changed(boolean namedAfterStack, WatchEvent<?> event) {
        String file = event.context() == null ? null : event.context().toString();
        if (event.kind() == StandardWatchEventKinds.OVERFLOW || file == null || !namedAfterStack
                || file.equals(PauseStore.ALL)) {
            quiet.allChanged();
        } else if (!file.startsWith(".")) { // a file being written: its rename over the real one follows
            int dot = file.lastIndexOf('.');
            quiet.changed(dot > 0 ? file.substring(0, dot) : file);
        }
    }

    @Override
    public void close() throws IOException {
        quiet.watching(false);
        service.close();
    }
}
