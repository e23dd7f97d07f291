package tokyo.seisei.operator.engine.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.model.Service;

/** A service with {@code depends_on: {x: {condition: service_healthy}}} starts only once x is healthy. */
final class DependencyWait {

    private final Duration dependencyTimeout;

    DependencyWait(Duration dependencyTimeout) {
        this.dependencyTimeout = dependencyTimeout;
    }

    /** Waits for every service_healthy dependency to report healthy; a dependency without a healthcheck only has to run. */
    Optional<String> await(Deployment deployment, DesiredStack.DesiredService service) {
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
