package tokyo.seisei.operator.app;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerJavaEngine;
import tokyo.seisei.operator.engine.DatabaseRestore;
import tokyo.seisei.operator.engine.DeployOutcomes;
import tokyo.seisei.operator.engine.DryRun;
import tokyo.seisei.operator.engine.ManualRollback;
import tokyo.seisei.operator.engine.Operations;
import tokyo.seisei.operator.engine.OperatorSettings;
import tokyo.seisei.operator.engine.Reconciler;
import tokyo.seisei.operator.engine.Remediation;
import tokyo.seisei.operator.engine.RestoreRun;
import tokyo.seisei.operator.engine.ResumeGate;
import tokyo.seisei.operator.engine.RetryPolicy;
import tokyo.seisei.operator.engine.StackBackups;
import tokyo.seisei.operator.engine.StackConverger;
import tokyo.seisei.operator.engine.StackReports;
import tokyo.seisei.operator.engine.Verification;
import tokyo.seisei.operator.engine.backup.DatabaseBackup;
import tokyo.seisei.operator.engine.backup.DumpRestore;
import tokyo.seisei.operator.engine.gates.BackoffGate;
import tokyo.seisei.operator.engine.gates.LatchGate;
import tokyo.seisei.operator.engine.gates.PauseGate;
import tokyo.seisei.operator.engine.gates.PromotionGate;
import tokyo.seisei.operator.engine.gates.RenderGate;
import tokyo.seisei.operator.engine.gates.ValidityGate;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.engine.smoke.StackSmoke;
import tokyo.seisei.operator.engine.status.OperationLog;
import tokyo.seisei.operator.engine.status.OperatorEvents;
import tokyo.seisei.operator.engine.status.StackRecorder;
import tokyo.seisei.operator.engine.steps.BackupStep;
import tokyo.seisei.operator.engine.hold.HoldPoints;
import tokyo.seisei.operator.engine.steps.Pipeline;
import tokyo.seisei.operator.engine.steps.Preflight;
import tokyo.seisei.operator.engine.steps.ReplaceContainers;
import tokyo.seisei.operator.engine.steps.Rollback;
import tokyo.seisei.operator.engine.steps.Shutdown;
import tokyo.seisei.operator.engine.steps.SmokeStep;
import tokyo.seisei.operator.engine.steps.Steps;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.EventJournal;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.OperationRecords;
import tokyo.seisei.operator.store.PauseStore;
import tokyo.seisei.operator.store.ReleaseFiles;
import tokyo.seisei.operator.store.ReleaseLedger;
import tokyo.seisei.operator.store.StackLocks;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/** Wires the plain classes of the operator together, in one place; nothing below this class knows about CDI. */
@ApplicationScoped
public class OperatorBeans {

    /** The whole operator on the given settings, engine and clock, telling the listeners what happens. */
    public static Operator wire(OperatorSettings settings, DesiredStateLoader loader, DockerEngine docker, Clock clock,
                                OperatorEvents listeners) {
        StateLayout layout = settings.layout();
        DesiredState desired = new DesiredState(settings.desiredStateDir(), loader);
        StatusStore statuses = new StatusStore(layout);
        HistoryLog history = new HistoryLog(layout, clock);
        BackupStore backupStore = new BackupStore(layout, clock);
        StackRecorder recorder = new StackRecorder(statuses, history, new EventJournal(layout, clock), clock, listeners);
        OperationLog operations = new OperationLog(new OperationRecords(layout));
        StackLocks locks = new StackLocks(layout);
        PauseStore pauses = new PauseStore(layout);
        Shutdown shutdown = new Shutdown(settings.holds());

        SmokeRunner smoke = new SmokeRunner(docker, clock, shutdown.sleeper(), settings.smokeStableFor());
        Preflight preflight = new Preflight(layout.root(), settings.minFreeDiskPercent());
        DatabaseBackup backup = new DatabaseBackup(backupStore, DatabaseBackup.DEFAULT_DUMP_DEADLINE, settings.holds());
        Pipeline pipeline = new Pipeline(Steps.inOrder(preflight, new BackupStep(backup),
                new ReplaceContainers(settings.dependencyTimeout()), new SmokeStep(smoke)), clock, shutdown);

        ReleaseFiles releases = new ReleaseFiles(layout);
        ReleaseLedger ledger = new ReleaseLedger(layout);
        PauseGate pause = new PauseGate(pauses);
        PromotionGate promotion = new PromotionGate(ledger);
        Rollback rollback = new Rollback(smoke, loader, layout);
        Verification verification = new Verification(docker, releases, ledger, clock, settings.keepPrevious());
        Remediation remediation = new Remediation(docker, rollback);
        ResumeGate resume = new ResumeGate(operations, desired, docker, promotion, smoke, rollback, verification, remediation,
                pauses, clock);
        StackConverger converger = new StackConverger(List.of(resume, pause, new ValidityGate(), promotion,
                new RenderGate(), new LatchGate(docker), new BackoffGate(clock)), pipeline,
                new DeployOutcomes(verification, remediation, RetryPolicy.STANDARD, clock), recorder, releases, docker,
                operations, settings.holds(), clock);

        Operations manual = new Operations(pauses, recorder, locks, clock);
        RestoreRun restoreRun = new RestoreRun(docker, new DumpRestore(docker, settings.holds()), smoke);
        return new Operator(desired, statuses, history, backupStore, shutdown, listeners,
                new Reconciler(desired, docker, converger, new StackReports(recorder), locks, listeners, clock, shutdown),
                new DryRun(desired, docker, pause, promotion, recorder, preflight), manual,
                new ManualRollback(desired, docker, converger, manual, operations, locks, statuses, history),
                new DatabaseRestore(desired, docker, backupStore, backup, pause, recorder, operations, locks, restoreRun, clock),
                new StackBackups(desired, docker, operations, locks, backup), new StackSmoke(desired, smoke));
    }

    static OperatorSettings settings(OperatorConfig config) {
        return new OperatorSettings(Path.of(config.desiredStateDir()), new StateLayout(Path.of(config.stateDir())),
                config.dependencyTimeout(), config.preflight().minFreeDiskPercent(), config.keepPrevious(),
                config.smoke().stableFor(), new HoldPoints(config.test().holdAt(), config.test().holdFile().map(Path::of)));
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemDefaultZone();
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
    DesiredStateLoader loader(OperatorConfig config) {
        return new DesiredStateLoader(System.getenv(), config.promotion().required(), config.maxFileSize().asLongValue());
    }

    @Produces
    @Singleton
    Operator operator(OperatorConfig config, DesiredStateLoader loader, DockerEngine docker, Clock clock,
                      MeterRegistry registry, StatusFeed feed) {
        List<OperatorEvents> listeners = new ArrayList<>();
        listeners.add(new OperatorMetrics(registry, docker));
        listeners.add(feed);
        config.notifications().webhookUrl().filter(u -> !u.isBlank())
                .ifPresent(url -> listeners.add(new WebhookNotifier(URI.create(url), registry)));
        return wire(settings(config), loader, docker, clock, OperatorEvents.all(listeners));
    }

    @Produces
    @Singleton
    StateLayout layout(OperatorConfig config) {
        return new StateLayout(Path.of(config.stateDir()));
    }

    @Produces
    DesiredState desiredState(Operator operator) {
        return operator.desiredState();
    }

    @Produces
    StatusStore statuses(Operator operator) {
        return operator.statuses();
    }

    @Produces
    HistoryLog history(Operator operator) {
        return operator.history();
    }

    @Produces
    BackupStore backups(Operator operator) {
        return operator.backups();
    }

    @Produces
    Reconciler reconciler(Operator operator) {
        return operator.reconciler();
    }

    @Produces
    DryRun dryRun(Operator operator) {
        return operator.dryRun();
    }

    @Produces
    Operations operations(Operator operator) {
        return operator.operations();
    }

    @Produces
    ManualRollback rollback(Operator operator) {
        return operator.rollback();
    }

    @Produces
    DatabaseRestore restore(Operator operator) {
        return operator.restore();
    }

    @Produces
    StackBackups stackBackups(Operator operator) {
        return operator.stackBackups();
    }

    @Produces
    StackSmoke smoke(Operator operator) {
        return operator.smoke();
    }
}
