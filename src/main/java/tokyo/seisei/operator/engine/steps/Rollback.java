package tokyo.seisei.operator.engine.steps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.smoke.SmokeResult;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.store.OperationRecord.Replacement;
import tokyo.seisei.operator.store.StateLayout;

/**
 * Undoes what a failed deploy changed, newest first: its new containers are stopped and removed, and the
 * kept previous ones take their names, restart policies and places back, with no pull: they are still here.
 * Then the previous version's own smoke (from the desired state it was deployed with) must pass again.
 *
 * <p>A failed version gets no graceful stop: its containers are stopped with the rollback's stop timeout
 * ({@code operator.rollback.stop-timeout}), unless their service declares its own {@code stop_grace_period}. When
 * asked, what they said (the end of their logs, their healthcheck's last output) is read and handed on first.
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

    private final PreviousSmoke previousSmoke;
    private final Duration stopTimeout;

    /** @param stopTimeout how long a container of the failed version is given to stop, unless its service says */
    public Rollback(SmokeRunner smoke, DesiredStateLoader loader, StateLayout layout, Duration stopTimeout) {
        this.previousSmoke = new PreviousSmoke(smoke, loader, layout);
        this.stopTimeout = stopTimeout;
    }

    public Result undo(Deployment deployment) {
        return undo(deployment, evidence -> { });
    }

    /** @param evidence told what the containers about to be stopped said, before the first is stopped */
    public Result undo(Deployment deployment, Consumer<List<Evidence>> evidence) {
        long started = System.nanoTime();
        List<String> problems = new ArrayList<>();
        List<Replacement> replacements = new ArrayList<>(deployment.replacements());
        Collections.reverse(replacements);
        evidence.accept(evidence(deployment, replacements));
        boolean restored = false;
        boolean engineLost = false;
        for (Replacement r : replacements) {
            try {
                if (r.oldId() != null && deployment.docker().inspectContainer(r.oldId()).isEmpty()) {
                    // removed by hand meanwhile: with nothing to put back, what the deploy made is better than nothing
                    problems.add(r.service() + ": the previous container " + r.oldName() + " (" + r.oldId()
                            + ") is gone, so the new one is left as it is");
                    continue;
                }
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
            SmokeResult verdict = previousSmoke.run(deployment.desired(), replacements);
            interrupted = verdict.interrupted();
            if (!verdict.passed() && !interrupted) {
                problems.add("the previous version does not pass its smoke either: " + verdict.message());
            }
        }
        return new Result(problems, restored, restoredIn, engineLost, interrupted);
    }

    /** What each container the deploy made says, read while all of them still run; an engine that fails gives none. */
    private static List<Evidence> evidence(Deployment deployment, List<Replacement> replacements) {
        List<Evidence> said = new ArrayList<>();
        try {
            for (Replacement r : replacements) {
                newContainer(deployment, r).ifPresent(c -> said.add(Evidence.of(deployment.docker(), r.service(), c)));
            }
        } catch (DockerFailure e) {
            // the rollback itself meets the same failure, and reports it
        }
        return said;
    }

    /**
     * The container the deploy made, as it is now; one it made but had not recorded yet is found by the service's
     * name: it was never started. A container that runs under the name is not the deploy's.
     */
    private static Optional<ContainerDetails> newContainer(Deployment deployment, Replacement r) {
        DockerEngine docker = deployment.docker();
        String newId = r.newId() != null ? r.newId() : docker.inspectContainer(r.name())
                .filter(c -> !c.id().equals(r.oldId()))
                .filter(c -> deployment.desired().name().equals(c.labels().get(ContainerLabels.STACK)))
                .filter(c -> "created".equals(c.status()))
                .map(ContainerDetails::id).orElse(null);
        return newId == null ? Optional.empty() : docker.inspectContainer(newId);
    }

    /** The container the deploy made goes (a kept one put back is kept again), stopped without a graceful wait. */
    private void removeNew(Deployment deployment, Replacement r) {
        Optional<ContainerDetails> made = newContainer(deployment, r);
        if (made.isEmpty()) {
            return;
        }
        DockerEngine docker = deployment.docker();
        String newId = made.get().id();
        docker.stopContainer(newId, stopTimeout(deployment.desired(), r.service()));
        if (r.newKeptAs() != null) {
            // a kept container put back may still bear its kept name: the engine refuses a rename to the same name
            if (!made.get().name().equals(r.newKeptAs())) {
                docker.renameContainer(newId, r.newKeptAs());
            }
            docker.setRestartPolicy(newId, "no");
        } else {
            docker.removeContainer(newId);
        }
    }

    /** The service's own stop_grace_period when it declares one (a database shuts down cleanly), else the rollback's. */
    private Duration stopTimeout(DesiredStack desired, String service) {
        DesiredStack.DesiredService declared = desired.service(service);
        Integer seconds = declared == null ? null : declared.spec().stopGraceSeconds();
        return seconds != null ? Duration.ofSeconds(seconds) : stopTimeout;
    }

    /** The container that ran before takes its name, restart policy and place back. */
    private static void putBack(DockerEngine docker, Replacement r) {
        if (docker.inspectContainer(r.oldId()).map(c -> !c.name().equals(r.oldName())).orElse(false)) {
            docker.renameContainer(r.oldId(), r.oldName());
        }
        docker.setRestartPolicy(r.oldId(), r.oldRestartPolicy());
        docker.startContainer(r.oldId());
    }
}
