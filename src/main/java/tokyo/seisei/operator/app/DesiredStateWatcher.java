package tokyo.seisei.operator.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.engine.StateFileWatch;
import tokyo.seisei.operator.store.PassRequests;
import tokyo.seisei.operator.store.StateLayout;

/**
 * Starts a pass soon after a desired-state file changes, and a pass of a stack as soon as a command (pause,
 * resume, retry) asks for one, instead of waiting for the next poll. Watches the state files too, so that a pass may
 * leave alone the stacks that nothing changed ({@link StateFileWatch}).
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

    @Inject
    Operator operator;

    /**
     * Watches the desired-state folder (not when following git: a fetch starts those passes), the requests and the
     * state files; before the daemon's first pass, so no change falls between the two.
     */
    public void start(boolean watchFolder) {
        if (watchFolder) {
            watchFolder();
        }
        StateLayout layout = new StateLayout(Path.of(config.stateDir()));
        StateFileWatch.start(layout, operator.reconciler().quietStacks());
        PassRequests requests = new PassRequests(layout);
        // requests a command wrote while no daemon ran are taken at once
        FolderWatch.start("request-watcher", requests.folder(), 50, true, () -> requests.take().forEach(daemon::requestPass));
    }

    private void watchFolder() {
        Path dir = Path.of(config.desiredStateDir());
        // set before the daemon's first pass reads the folder (RunCommand): no change falls between the two
        FolderWatch.start("desired-state-watcher", dir, SETTLE_MILLIS, false, () -> {
            LOG.infof("desired state changed in %s", dir);
            daemon.requestPass(null);
        });
    }
}
