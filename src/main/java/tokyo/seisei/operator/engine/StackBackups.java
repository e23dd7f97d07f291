package tokyo.seisei.operator.engine;

import java.nio.file.Path;
import java.util.List;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.StackLocks;

/**
 * Backups on request ({@code stackctl backup STACK}): the stack as it runs now, under the stack's lock, so it
 * never overlaps a deploy of the daemon. The databases are those of the stack's desired-state file.
 */
public final class StackBackups {

    private final Path desiredStateDir;
    private final DesiredStateLoader loader;
    private final DockerEngine docker;
    private final StackLocks locks;
    private final BackupDatabases backups;
    private final StackRenderer renderer = new StackRenderer();

    public StackBackups(Path desiredStateDir, DesiredStateLoader loader, DockerEngine docker, StackLocks locks,
                        BackupDatabases backups) {
        this.desiredStateDir = desiredStateDir;
        this.loader = loader;
        this.docker = docker;
        this.locks = locks;
        this.backups = backups;
    }

    /** Names of the stacks in the desired-state folder. */
    public List<String> stackNames() {
        return loader.loadDirectory(desiredStateDir).stream().map(LoadedStack::name).toList();
    }

    /**
     * @throws BackupDatabases.BackupFailure when the stack is unknown or invalid, declares no databases, or a dump fails
     * @throws tokyo.seisei.operator.docker.DockerFailure when the engine cannot be reached
     */
    public BackupDatabases.Result backUp(String stack) {
        LoadedStack loaded = loader.loadDirectory(desiredStateDir).stream().filter(s -> s.name().equals(stack))
                .findFirst().orElseThrow(() -> new BackupDatabases.BackupFailure("no stack named " + stack + " in "
                        + desiredStateDir, null));
        if (!loaded.valid()) {
            throw new BackupDatabases.BackupFailure("stack " + stack + " is not valid, its spec.backup cannot be trusted: "
                    + loaded.errors().get(0) + (loaded.errors().size() > 1 ? " (and " + (loaded.errors().size() - 1)
                    + " more; run stackctl validate)" : ""), null);
        }
        DesiredStack desired = renderer.render(loaded);
        try (AutoCloseable ignored = locks.lock(stack)) {
            return backups.backUpNow(desired, docker);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the lock of stack " + stack + ": " + e.getMessage(), e);
        }
    }
}
