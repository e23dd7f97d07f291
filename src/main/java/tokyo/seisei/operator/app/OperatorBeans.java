package tokyo.seisei.operator.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerJavaEngine;
import tokyo.seisei.operator.engine.BackupDatabases;
import tokyo.seisei.operator.engine.DatabaseRestore;
import tokyo.seisei.operator.engine.OperatorEvents;
import tokyo.seisei.operator.engine.Operations;
import tokyo.seisei.operator.engine.OperatorSettings;
import tokyo.seisei.operator.engine.Reconciler;
import tokyo.seisei.operator.engine.StackBackups;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.engine.smoke.StackSmoke;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.PauseStore;
import tokyo.seisei.operator.store.StackLocks;
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
    DesiredStateLoader loader(OperatorConfig config) {
        return new DesiredStateLoader(System.getenv(), config.promotion().required(), config.maxFileSize().asLongValue());
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
    Operations operations(StateLayout layout, StatusStore statuses, Clock clock) {
        return new Operations(new PauseStore(layout), statuses, new StackLocks(layout), clock);
    }

    @Produces
    @Singleton
    HistoryLog history(StateLayout layout, Clock clock) {
        return new HistoryLog(layout, clock);
    }

    @Produces
    @Singleton
    DatabaseRestore databaseRestore(OperatorConfig config, DesiredStateLoader loader, DockerEngine docker, StateLayout layout,
                                    BackupStore backups, StatusStore statuses, Clock clock, SmokeRunner smoke) {
        return new DatabaseRestore(Path.of(config.desiredStateDir()), loader, docker, backups, new PauseStore(layout), statuses,
                new HistoryLog(layout, clock), new StackLocks(layout), smoke);
    }

    static OperatorSettings settings(OperatorConfig config, StateLayout layout) {

        return new OperatorSettings(Path.of(config.desiredStateDir()), layout, config.dependencyTimeout(),
                config.preflight().minFreeDiskPercent(), config.keepPrevious(), config.smoke().stableFor());
    }

    @Produces
    @Singleton
    Reconciler reconciler(OperatorConfig config, DesiredStateLoader loader, DockerEngine docker, StateLayout layout,
                          Clock clock, MeterRegistry registry) {
        List<OperatorEvents> listeners = new ArrayList<>();
        listeners.add(new OperatorMetrics(registry, docker));
        config.notifications().webhookUrl().filter(u -> !u.isBlank())
                .ifPresent(url -> listeners.add(new WebhookNotifier(URI.create(url), registry)));
        return Reconciler.create(settings(config, layout), loader, docker, clock, OperatorEvents.all(listeners));
    }

    @Produces
    @Singleton
    BackupStore backupStore(StateLayout layout, Clock clock) {
        return new BackupStore(layout, clock);
    }

    @Produces
    @Singleton
    BackupDatabases backupDatabases(BackupStore store) {
        return new BackupDatabases(store, BackupDatabases.DEFAULT_DUMP_DEADLINE);
    }

    @Produces
    @Singleton
    StackBackups stackBackups(OperatorConfig config, DesiredStateLoader loader, DockerEngine docker, StateLayout layout,
                              BackupDatabases backups) {
        return new StackBackups(Path.of(config.desiredStateDir()), loader, docker, new StackLocks(layout), backups);
    }

    @Produces
    @Singleton
    SmokeRunner smokeRunner(OperatorConfig config, DockerEngine docker, Clock clock) {
        return new SmokeRunner(docker, clock, config.smoke().stableFor());
    }

    @Produces
    @Singleton
    StackSmoke stackSmoke(OperatorConfig config, DesiredStateLoader loader, SmokeRunner runner) {
        return new StackSmoke(Path.of(config.desiredStateDir()), loader, runner);
    }
}
