package tokyo.seisei.operator.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.Service;

/**
 * Creates, starts or replaces the containers of the changed services, dependencies first. A replaced
 * container is parked under another name while its successor is created, and put back if the successor
 * cannot be created or started.
 */
final class ReplaceContainers implements Step {

    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private final Duration dependencyTimeout;

    ReplaceContainers(Duration dependencyTimeout) {
        this.dependencyTimeout = dependencyTimeout;
    }

    @Override
    public String name() {
        return "Recreate";
    }

    @Override
    public String failureReason() {
        return Reason.CREATE_FAILED;
    }

    @Override
    public StepOutcome run(Deployment deployment) {
        DockerEngine docker = deployment.docker();
        for (StackPlan.ServiceAction action : deployment.plan().changes()) {
            Optional<String> unhealthy = awaitDependencies(deployment, action.service());
            if (unhealthy.isPresent()) {
                return StepOutcome.failed(Reason.DEPENDENCY_NOT_HEALTHY, unhealthy.get());
            }
            StepOutcome outcome = switch (action.kind()) {
                case CREATE -> create(docker, action);
                case START -> start(docker, action);
                case RECREATE -> replace(docker, action);
                case NONE -> StepOutcome.done("");
            };
            if (!outcome.done()) {
                return outcome;
            }
        }
        if (deployment.desired().prune()) {
            for (ContainerSummary container : deployment.plan().undeclared()) {
                docker.stopContainer(container.id(), DEFAULT_GRACE);
                docker.removeContainer(container.id());
            }
        }
        return StepOutcome.done(deployment.plan().changes().size() + " service(s) converged");
    }

    private StepOutcome create(DockerEngine docker, StackPlan.ServiceAction action) {
        String id;
        try {
            id = docker.createContainer(action.service().spec());
        } catch (DockerFailure e) {
            if (e.transientFailure()) {
                throw e;
            }
            return StepOutcome.failed(Reason.CREATE_FAILED, "create " + action.service().spec().name() + ": " + e.getMessage());
        }
        try {
            docker.startContainer(id);
        } catch (DockerFailure e) {
            docker.removeContainer(id);
            return StepOutcome.failed(Reason.START_FAILED, "start " + action.service().spec().name() + ": " + e.getMessage());
        }
        return StepOutcome.done("");
    }

    private StepOutcome start(DockerEngine docker, StackPlan.ServiceAction action) {
        try {
            docker.startContainer(action.current().id());
            return StepOutcome.done("");
        } catch (DockerFailure e) {
            if (e.transientFailure()) {
                throw e;
            }
            return StepOutcome.failed(Reason.START_FAILED, "start " + action.current().name() + ": " + e.getMessage());
        }
    }

    private StepOutcome replace(DockerEngine docker, StackPlan.ServiceAction action) {
        ContainerSummary old = action.current();
        String name = action.service().spec().name();
        docker.renameContainer(old.id(), old.name() + "-replaced-" + old.id().substring(0, 12));
        String id;
        try {
            id = docker.createContainer(action.service().spec());
        } catch (DockerFailure e) {
            docker.renameContainer(old.id(), old.name());
            if (e.transientFailure()) {
                throw e;
            }
            return StepOutcome.failed(Reason.CREATE_FAILED, "create " + name + ": " + e.getMessage());
        }
        Integer grace = action.service().spec().stopGraceSeconds();
        docker.stopContainer(old.id(), grace == null ? DEFAULT_GRACE : Duration.ofSeconds(grace));
        try {
            docker.startContainer(id);
        } catch (DockerFailure e) {
            docker.removeContainer(id);
            docker.renameContainer(old.id(), old.name());
            docker.startContainer(old.id());
            return StepOutcome.failed(Reason.START_FAILED, "start " + name + ": " + e.getMessage()
                    + " (the previous container was put back)");
        }
        docker.removeContainer(old.id());
        return StepOutcome.done("");
    }

    /** Waits for every service_healthy dependency to report healthy; a dependency without a healthcheck only has to run. */
    private Optional<String> awaitDependencies(Deployment deployment, DesiredStack.DesiredService service) {
        for (Map.Entry<String, Service.Dependency> entry : service.dependsOn().entrySet()) {
            if (!Service.Dependency.HEALTHY.equals(entry.getValue().condition())) {
                continue;
            }
            String container = deployment.desired().service(entry.getKey()).spec().name();
            Instant deadline = Instant.now().plus(dependencyTimeout);
            String last = "not found";
            while (true) {
                Optional<ContainerDetails> details = deployment.docker().inspectContainer(container);
                if (details.isPresent()) {
                    ContainerDetails d = details.get();
                    if (d.running() && (d.health() == null || "healthy".equals(d.health()))) {
                        break;
                    }
                    last = d.running() ? d.health() : d.status();
                }
                if (Instant.now().isAfter(deadline)) {
                    return Optional.of(service.name() + " waits for " + entry.getKey() + " to be healthy, but it is "
                            + last + " after " + dependencyTimeout.toSeconds() + "s");
                }
                pause();
            }
        }
        return Optional.empty();
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a dependency", e);
        }
    }
}
