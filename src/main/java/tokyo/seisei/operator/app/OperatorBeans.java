package tokyo.seisei.operator.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.time.Clock;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerJavaEngine;
import tokyo.seisei.operator.engine.Reconciler;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.engine.smoke.StackSmoke;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/** Wires the plain classes of the operator together; nothing below this class knows about CDI. */
@ApplicationScoped
public class OperatorBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemDefaultZone();
    }

    @Produces
    @Singleton
    StateLayout layout(OperatorConfig config) {
        return new StateLayout(Path.of(config.stateDir()));
    }

    @Produces
    @Singleton
    StatusStore statusStore(StateLayout layout) {
        return new StatusStore(layout);
    }

    @Produces
    @Singleton
    DesiredStateLoader loader() {
        return new DesiredStateLoader(System.getenv());
    }

    @Produces
    @Singleton
    DockerEngine docker() {
        return DockerJavaEngine.connect();
    }

    void close(@Disposes DockerEngine docker) {
        docker.close();
    }

    @Produces
    @Singleton
    Reconciler reconciler(OperatorConfig config, DesiredStateLoader loader, DockerEngine docker, StateLayout layout,
                          Clock clock) {
        return Reconciler.create(Path.of(config.desiredStateDir()), layout, loader, docker, clock,
                config.dependencyTimeout());
    }

    @Produces
    @Singleton
    SmokeRunner smokeRunner(DockerEngine docker, Clock clock) {
        return new SmokeRunner(docker, clock);
    }

    @Produces
    @Singleton
    StackSmoke stackSmoke(OperatorConfig config, DesiredStateLoader loader, SmokeRunner runner) {
        return new StackSmoke(Path.of(config.desiredStateDir()), loader, runner);
    }
}
