package tokyo.seisei.operator.engine;

import java.util.List;
import java.util.Optional;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.gates.Intent;
import tokyo.seisei.operator.engine.status.OperationLog;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.StackLocks;
import tokyo.seisei.operator.store.StatusStore;

/**
 * {@code stackctl rollback}: deploys an earlier version through the same pipeline (backup, smoke; a kept
 * previous container of that version comes back without a pull), then pauses the stack, since git still
 * asks for the other version and the operator would otherwise deploy it again at the next pass.
 */
public final class ManualRollback {

    /**
     * @param gitVersion the version the desired state in git still asks for
     */
    public record Outcome(String stack, String version, String from, Phase phase, String message, String gitVersion) {

        public boolean succeeded() {
            return phase == Phase.Ready;
        }
    }

    private final DesiredState desiredState;
    private final DockerEngine docker;
    private final StackConverger converger;
    private final Operations manual;
    private final OperationLog operations;
    private final StackLocks locks;
    private final StatusStore statuses;
    private final HistoryLog history;

    public ManualRollback(DesiredState desiredState, DockerEngine docker, StackConverger converger, Operations manual,
                          OperationLog operations, StackLocks locks, StatusStore statuses, HistoryLog history) {
        this.desiredState = desiredState;
        this.docker = docker;
        this.converger = converger;
        this.manual = manual;
        this.operations = operations;
        this.locks = locks;
        this.statuses = statuses;
        this.history = history;
    }

    /**
     * @param to the version to go back to; empty for the last one that succeeded before the one that runs
     * @throws Refused when the stack or an earlier version cannot be found; nothing changed then
     */
    public Outcome rollback(String stack, Optional<String> to, String user) {
        try (StackLocks.Held ignored = locks.lock(stack)) {
            LoadedStack current = desiredState.find(stack).orElseThrow(() -> new Refused("no stack named " + stack));
            Refused.unlessSettled(operations, stack);
            if (!current.valid()) {
                throw new Refused("the desired state of " + stack + " is not valid: " + current.errors().get(0)
                        + " (stackctl validate)");
            }
            String running = statuses.read(stack).map(StackStatus::currentVersion).orElse(null);
            String target = to.orElseGet(() -> previousVersion(stack, running));
            if (target.equals(running)) {
                throw new Refused(stack + " already runs " + target);
            }
            StackConverger.Result result = converger.converge(desiredState.atVersion(current, target),
                    docker.listStackContainers(stack), Intent.manualRollback(running));
            if (result.phase() == Phase.Ready) {
                manual.pauseHeld(stack, "manual rollback to " + target, user);
            }
            String message = statuses.read(stack).map(StackStatus::message).orElse("");
            return new Outcome(stack, target, running, result.phase(), message, current.desiredVersion());
        }
    }

    /**
     * The last version that deployed (or was rolled back to, or ran in the containers taken over from docker
     * compose) successfully before the one that runs.
     */
    private String previousVersion(String stack, String running) {
        List<HistoryLog.Entry> successes = history.read().stream()
                .filter(e -> stack.equals(e.stack()) && HistoryLog.SUCCESS.equals(e.status()))
                .filter(e -> HistoryLog.DEPLOY.equals(e.action()) || HistoryLog.ROLLBACK.equals(e.action())
                        || HistoryLog.ADOPT.equals(e.action()) && !HistoryLog.UNKNOWN_VERSION.equals(e.version()))
                .toList();
        for (int i = successes.size() - 1; i >= 0; i--) {
            if (!successes.get(i).version().equals(running)) {
                return successes.get(i).version();
            }
        }
        throw new Refused("no earlier successful version of " + stack
                + " in the history; name one with --to VERSION");
    }
}
