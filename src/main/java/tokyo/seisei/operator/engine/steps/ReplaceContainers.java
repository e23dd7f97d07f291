package tokyo.seisei.operator.engine.steps;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.plan.Ownership;
import tokyo.seisei.operator.engine.plan.StackPlan;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.store.OperationRecord.Replacement;

/**
 * Creates, starts or replaces the containers of the changed services, dependencies first. A replaced
 * container is created anew while the old one runs, then the old one is stopped and kept, renamed and
 * with restart policy {@code no}, for an instant rollback. Every replacement is announced to the
 * deployment before it is made; on failure the caller rolls back what the deployment lists.
 */
public final class ReplaceContainers implements Step {

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private final DependencyWait dependencies;
    private final Ownership ownership;

    /** @param ownership whose containers this operator makes: each is labelled with its instance */
    public ReplaceContainers(Duration dependencyTimeout, Ownership ownership) {
        this.dependencies = new DependencyWait(dependencyTimeout);
        this.ownership = ownership;
    }

    @Override
    public StepName name() {
        return StepName.RECREATE;
    }

    @Override
    public String failureReason() {
        return Reason.CREATE_FAILED;
    }

    @Override
    public StepOutcome run(Deployment deployment) {
        for (StackPlan.ServiceAction action : deployment.plan().changes()) {
            Optional<String> unhealthy = dependencies.await(deployment, action.service());
            if (unhealthy.isPresent()) {
                return StepOutcome.failed(Reason.DEPENDENCY_NOT_HEALTHY, unhealthy.get());
            }
            String name = action.service().spec().name();
            try {
                switch (action.kind()) {
                    case CREATE -> create(deployment, action);
                    case START -> deployment.docker().startContainer(action.current().id());
                    case RECREATE, ADOPT -> replace(deployment, action);
                    case RESTORE -> restore(deployment, action);
                    case NONE -> { }
                }
            } catch (DockerFailure e) {
                if (e.transientFailure()) {
                    throw e; // the engine's outage, not the version's failure: the caller puts back what was replaced
                }
                return StepOutcome.failed(action.kind() != StackPlan.Kind.START
                        ? Reason.CREATE_FAILED : Reason.START_FAILED, action.kind().name().toLowerCase() + " " + name + ": " + e.getMessage());
            }
        }
        return StepOutcome.done(deployment.plan().changes().size() + " service(s) converged");
    }

    private void create(Deployment deployment, StackPlan.ServiceAction action) {
        DockerEngine docker = deployment.docker();
        String name = action.service().spec().name();
        int at = deployment.announce(new Replacement(action.service().name(), name, null, null, null, null, null, null),
                "create " + name);
        Parking.removeLeftover(deployment, name);
        String id = docker.createContainer(ownership.label(action.service().spec()));
        deployment.advance(at, deployment.replacements().get(at).withNewId(id));
        deployment.reached("after-create");
        deployment.about("start " + name + " (" + id + ")");
        docker.startContainer(id);
        deployment.reached("after-start");
    }

    private void replace(Deployment deployment, StackPlan.ServiceAction action) {
        DockerEngine docker = deployment.docker();
        String name = action.service().spec().name();
        Optional<ContainerDetails> details = docker.inspectContainer(action.current().id());
        Map<String, String> anonymous = details.map(ContainerDetails::anonymousVolumes).orElse(Map.of());
        int at = Parking.parkCurrent(deployment, action, details, null, null);
        deployment.about("create " + name);
        Parking.removeLeftover(deployment, name);
        String id = docker.createContainer(ownership.label(action.service().spec().takingOver(anonymous)));
        deployment.advance(at, deployment.replacements().get(at).withNewId(id));
        deployment.reached("after-create");
        deployment.about("stop " + action.current().name() + " (" + action.current().id() + "), then start " + name);
        docker.stopContainer(action.current().id(), grace(action));
        deployment.reached("after-stop-old");
        docker.startContainer(id);
        deployment.reached("after-start");
    }

    /** Parks the current container as a replaced one would be, and puts the kept previous one back in its place. */
    private static void restore(Deployment deployment, StackPlan.ServiceAction action) {
        DockerEngine docker = deployment.docker();
        ContainerSummary kept = action.kept();
        String name = action.service().spec().name();
        Parking.parkCurrent(deployment, action, docker.inspectContainer(action.current().id()), kept.id(), kept.name());
        deployment.about("stop " + action.current().id() + ", then put " + kept.name() + " back as " + name);
        docker.stopContainer(action.current().id(), grace(action));
        deployment.reached("after-stop-old");
        docker.renameContainer(kept.id(), name);
        String restart = action.service().spec().restart();
        docker.setRestartPolicy(kept.id(), restart == null ? "no" : restart);
        docker.startContainer(kept.id());
        deployment.reached("after-start");
    }

    private static Duration grace(StackPlan.ServiceAction action) {
        Integer seconds = action.service().spec().stopGraceSeconds();
        return seconds == null ? DEFAULT_GRACE : Duration.ofSeconds(seconds);
    }
}
