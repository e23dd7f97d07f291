package tokyo.seisei.operator.engine.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.engine.smoke.SmokeResult;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.OperationRecord.Replacement;
import tokyo.seisei.operator.store.StateLayout;

/**
 * Undoes what a failed deploy changed, newest first: its new containers are stopped and removed, and the
 * kept previous ones take their names, restart policies and places back, with no pull: they are still here.
 * Then the previous version's own smoke (from the desired state it was deployed with) must pass again.
 */
public final class Rollback {

    /** @param problems what could not be undone or did not pass the smoke; empty when the rollback succeeded */
    /**
     * @param engineLost the engine could not be reached: the rollback is to be tried again once it is back
     * @param interrupted the operator stopped before the smoke of the version put back gave its verdict
     */
    public record Result(List<String> problems, boolean restoredAnything, Duration restoredIn, boolean engineLost,
                         boolean interrupted) {
        public boolean succeeded() {
            return problems.isEmpty();
        }
    }

    private final SmokeRunner smoke;
    private final DesiredStateLoader loader;
    private final StateLayout layout;

    public Rollback(SmokeRunner smoke, DesiredStateLoader loader, StateLayout layout) {
        this.smoke = smoke;
        this.loader = loader;
        this.layout = layout;
    }

    public Result undo(Deployment deployment) {
        long started = System.nanoTime();
        List<String> problems = new ArrayList<>();
        List<Replacement> replacements = new ArrayList<>(deployment.replacements());
        Collections.reverse(replacements);
        boolean restored = false;
        boolean engineLost = false;
        for (Replacement r : replacements) {
            try {
                deployment.about("put " + (r.oldName() == null ? "nothing" : r.oldName()) + " back for " + r.service());
                removeNew(deployment, r);
                deployment.reached("rollback");
                if (r.oldId() != null) {
                    putBack(deployment.docker(), r);
                    restored = true;
                }
            } catch (DockerFailure e) {
                engineLost |= e.transientFailure();
                problems.add(r.service() + ": " + e.getMessage());
            }
        }
        Duration restoredIn = Duration.ofNanos(System.nanoTime() - started);
        boolean interrupted = false;
        if (restored && problems.isEmpty()) {
            SmokeResult verdict = smokePrevious(deployment.desired(), replacements);
            interrupted = verdict.interrupted();
            if (!verdict.passed() && !interrupted) {
                problems.add("the previous version does not pass its smoke either: " + verdict.message());
            }
        }
        return new Result(problems, restored, restoredIn, engineLost, interrupted);
    }

    /**
     * The container the deploy made goes (a kept one put back is kept again); one it made but had not recorded yet
     * is found by the service's name.
     */
    private static void removeNew(Deployment deployment, Replacement r) {
        DockerEngine docker = deployment.docker();
        String newId = r.newId() != null ? r.newId() : docker.inspectContainer(r.name())
                .filter(c -> !c.id().equals(r.oldId()))
                .filter(c -> deployment.desired().name().equals(c.labels().get(ContainerLabels.STACK)))
                .map(ContainerDetails::id).orElse(null);
        if (newId == null || docker.inspectContainer(newId).isEmpty()) {
            return;
        }
        docker.stopContainer(newId, Duration.ofSeconds(5));
        if (r.newKeptAs() != null) {
            docker.renameContainer(newId, r.newKeptAs());
            docker.setRestartPolicy(newId, "no");
        } else {
            docker.removeContainer(newId);
        }
    }

    /** The container that ran before takes its name, restart policy and place back. */
    private static void putBack(DockerEngine docker, Replacement r) {
        if (docker.inspectContainer(r.oldId()).map(c -> !c.name().equals(r.oldName())).orElse(false)) {
            docker.renameContainer(r.oldId(), r.oldName());
        }
        docker.setRestartPolicy(r.oldId(), r.oldRestartPolicy());
        docker.startContainer(r.oldId());
    }

    /**
     * The smoke of the version put back, as its own desired state declares it; when that file is not at hand,
     * its containers must at least run and be healthy.
     */
    private SmokeResult smokePrevious(DesiredStack failed, List<Replacement> replacements) {
        Path applied = layout.applied(failed.name());
        if (Files.exists(applied)) {
            LoadedStack previous = loader.load(applied);
            try {
                if (previous.valid()) {
                    DesiredStack desired = new StackRenderer().render(previous);
                    return smoke.run(desired, desired.smoke());
                }
            } catch (RuntimeException e) {
                // an env_file beside the original file is not beside the copy: fall back to the containers alone
            }
        }
        // only the services put back are checked, under the names they run with again (a container taken over from
        // docker compose may have had another): a service the failed version added has nothing to come back to
        java.util.Map<String, String> restored = new java.util.HashMap<>();
        replacements.stream().filter(r -> r.oldId() != null).forEach(r -> restored.put(r.service(), r.oldName()));
        DesiredStack putBack = new DesiredStack(failed.name(), failed.environment(), failed.version(), failed.revision(),
                failed.services().stream().filter(s -> restored.containsKey(s.name()))
                        .map(s -> new DesiredStack.DesiredService(s.name(), s.spec().named(restored.get(s.name())), s.hash(),
                                s.dependsOn())).toList(),
                failed.networks(), failed.volumes(), failed.prune(), failed.backup(), null);
        return smoke.run(putBack, null);
    }
}
