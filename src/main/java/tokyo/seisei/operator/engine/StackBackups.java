package tokyo.seisei.operator.engine;

import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.backup.BackupFailure;
import tokyo.seisei.operator.engine.backup.BackupResult;
import tokyo.seisei.operator.engine.backup.DatabaseBackup;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.engine.status.OperationLog;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.StackLocks;

/**
 * Backups on request ({@code stackctl backup STACK}): the stack as it runs now, under the stack's lock, so it
 * never overlaps a deploy of the daemon. The databases are those of the stack's desired-state file.
 */
public final class StackBackups {

    private final DesiredState desiredState;
    private final DockerEngine docker;
    private final OperationLog operations;
    private final StackLocks locks;
    private final DatabaseBackup backup;
    private final StackRenderer renderer = new StackRenderer();

    public StackBackups(DesiredState desiredState, DockerEngine docker, OperationLog operations, StackLocks locks,
                        DatabaseBackup backup) {
        this.desiredState = desiredState;
        this.docker = docker;
        this.operations = operations;
        this.locks = locks;
        this.backup = backup;
    }

    /**
     * @throws BackupFailure when the stack is unknown or invalid, declares no databases, or a dump fails
     * @throws tokyo.seisei.operator.docker.DockerFailure when the engine cannot be reached
     */
    public BackupResult backUp(String stack) {
        LoadedStack loaded = desiredState.find(stack).orElseThrow(() -> new BackupFailure("no stack named " + stack + " in "
                + desiredState.dir()));
        if (!loaded.valid()) {
            throw new BackupFailure("stack " + stack + " is not valid, its spec.backup cannot be trusted: "
                    + loaded.errors().get(0) + (loaded.errors().size() > 1 ? " (and " + (loaded.errors().size() - 1)
                    + " more; run stackctl validate)" : ""));
        }
        DesiredStack desired = renderer.render(loaded);
        try (StackLocks.Held ignored = locks.lock(stack)) {
            Refused.unlessSettled(operations, stack);
            return backup.backUpNow(desired, docker);
        }
    }
}
