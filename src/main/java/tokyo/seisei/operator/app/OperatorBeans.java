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
import java.util.Optional;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerJavaEngine;
import tokyo.seisei.operator.docker.RegistryCredentials;
import tokyo.seisei.operator.engine.BackupVerifier;
import tokyo.seisei.operator.engine.DatabaseRestore;
import tokyo.seisei.operator.engine.DeployOutcomes;
import tokyo.seisei.operator.engine.DryRun;
import tokyo.seisei.operator.engine.ImageCleanup;
import tokyo.seisei.operator.engine.ImageCleanupSchedule;
import tokyo.seisei.operator.engine.Maintenance;
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
import tokyo.seisei.operator.engine.backup.ScratchDatabase;
import tokyo.seisei.operator.engine.gates.BackoffGate;
import tokyo.seisei.operator.engine.gates.DependencyGate;
import tokyo.seisei.operator.engine.gates.LatchGate;
import tokyo.seisei.operator.engine.gates.PauseGate;
import tokyo.seisei.operator.engine.gates.PromotionGate;
import tokyo.seisei.operator.engine.gates.RenderGate;
import tokyo.seisei.operator.engine.gates.ValidityGate;
import tokyo.seisei.operator.engine.hold.HoldPoints;
import tokyo.seisei.operator.engine.plan.Ownership;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.engine.smoke.StackSmoke;
import tokyo.seisei.operator.engine.status.OperationLog;
import tokyo.seisei.operator.engine.status.OperatorEvents;
import tokyo.seisei.operator.engine.status.StackRecorder;
import tokyo.seisei.operator.engine.steps.BackupStep;
import tokyo.seisei.operator.engine.steps.HostSlots;
import tokyo.seisei.operator.engine.steps.Pipeline;
import tokyo.seisei.operator.engine.steps.Preflight;
import tokyo.seisei.operator.engine.steps.ReplaceContainers;
import tokyo.seisei.operator.engine.steps.Rollback;
import tokyo.seisei.operator.engine.steps.Shutdown;
import tokyo.seisei.operator.engine.steps.SmokeStep;
import tokyo.seisei.operator.engine.steps.Steps;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.GitSource;
import tokyo.seisei.operator.source.Source;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.EventJournal;
import tokyo.seisei.operator.store.FailedLogs;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.InstanceId;
import tokyo.seisei.operator.store.NetworkPool;
import tokyo.seisei.operator.store.OperationRecords;
import tokyo.seisei.operator.store.PassRequests;
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
        return wire(settings, Source.folder(settings.desiredStateDir()), loader, docker, clock, listeners);
    }

    /** The same, reading the desired state from the source given (a folder, or a git repository's checkout). */
    public static Operator wire(OperatorSettings settings, Source source, DesiredStateLoader loader, DockerEngine docker,
                                Clock clock, OperatorEvents listeners) {
        StateLayout layout = settings.layout();
        DesiredState desired = new DesiredState(source, loader);
        StatusStore statuses = new StatusStore(layout);
        HistoryLog history = new HistoryLog(layout, clock);
        BackupStore backupStore = new BackupStore(layout, clock, settings.backupArchiveDir());
        StackRecorder recorder = new StackRecorder(statuses, history, new EventJournal(layout, clock), clock, listeners);
        OperationLog operations = new OperationLog(new OperationRecords(layout));
        StackLocks locks = new StackLocks(layout);
        PauseStore pauses = new PauseStore(layout);
        Shutdown shutdown = new Shutdown(settings.holds());
        Ownership ownership = new Ownership(() -> InstanceId.of(layout));

        SmokeRunner smoke = new SmokeRunner(docker, clock, shutdown.sleeper(), settings.smokeStableFor());
        NetworkPool networks = new NetworkPool(layout, settings.networkPool());
        Preflight preflight = new Preflight(layout.root(), settings.minFreeDiskPercent(), networks);
        DatabaseBackup backup = new DatabaseBackup(backupStore, DatabaseBackup.DEFAULT_DUMP_DEADLINE, settings.holds());
        Pipeline pipeline = new Pipeline(Steps.inOrder(preflight, new BackupStep(backup), networks,
                new ReplaceContainers(settings.dependencyTimeout(), ownership), new SmokeStep(smoke)), clock, shutdown,
                new HostSlots(settings.maxConcurrent()), stack -> pauses.pauseOf(stack).map(PauseGate::describe));

        ReleaseFiles releases = new ReleaseFiles(layout);
        ReleaseLedger ledger = new ReleaseLedger(layout);
        PauseGate pause = new PauseGate(pauses);
        PromotionGate promotion = new PromotionGate(ledger);
        Rollback rollback = new Rollback(smoke, loader, layout, settings.rollbackStopTimeout());
        Verification verification = new Verification(docker, releases, ledger, clock, settings.keepPrevious());
        Remediation remediation = new Remediation(docker, rollback, new FailedLogs(layout), recorder);
        ResumeGate resume = new ResumeGate(operations, desired, docker, promotion, smoke, rollback, verification, remediation,
                pauses, clock);
        StackConverger converger = new StackConverger(List.of(resume, pause, new ValidityGate(), new DependencyGate(statuses::read), promotion,
                new RenderGate(), new LatchGate(docker, smoke), new BackoffGate(clock)), pipeline,
                new DeployOutcomes(verification, remediation, RetryPolicy.STANDARD, clock), recorder, releases, docker,
                operations, settings.holds(), clock);

        Operations manual = new Operations(pauses, recorder, locks, new PassRequests(layout), clock);
        BackupVerifier verifier = new BackupVerifier(desired, backupStore, new ScratchDatabase(docker,
                new DumpRestore(docker, HoldPoints.NONE), shutdown.sleeper(), clock, ownership), recorder, locks, clock);
        RestoreRun restoreRun = new RestoreRun(docker, new DumpRestore(docker, settings.holds()), smoke);
        return new Operator(desired, statuses, history, backupStore, shutdown, listeners, ownership,
                new Reconciler(desired, docker, converger, new StackReports(recorder), locks, listeners, clock, shutdown, ownership,
                        settings.maxConcurrent(), networks),
                new DryRun(desired, docker, pause, promotion, recorder, preflight, ownership), manual,
                new ManualRollback(desired, docker, converger, manual, operations, locks, statuses, history),
                new DatabaseRestore(desired, docker, backupStore, backup, pause, recorder, operations, locks, restoreRun, clock),
                new StackBackups(desired, docker, operations, locks, backup), new StackSmoke(desired, smoke),
                verifier, new Maintenance(desired, backupStore, verifier, locks,
                new ImageCleanup(desired, ledger, docker, locks, settings.keepReleases()), settings.imageCleanup(), layout, clock));
    }

    static OperatorSettings settings(OperatorConfig config) {
        return new OperatorSettings(Path.of(config.desiredStateDir()), new StateLayout(Path.of(config.stateDir())),
                config.dependencyTimeout(), config.preflight().minFreeDiskPercent(), config.keepPrevious(),
                config.smoke().stableFor(), new HoldPoints(config.test().holdAt(), config.test().holdFile().map(Path::of)),
                config.maxConcurrent(), config.rollback().stopTimeout(), ConfigCheck.networkPool(config),
                config.backup().archiveDir().filter(d -> !d.isBlank()).map(Path::of).orElse(null),
                ImageCleanupSchedule.parse(config.maintenance().imageCleanup()), config.maintenance().keepReleases());
    }

    /** The git repository when {@code operator.git.url} is set, else the desired-state folder. */
    static Source source(OperatorConfig config, Clock clock) {
        return gitSettings(config).<Source>map(git -> new GitSource(git, clock))
                .orElseGet(() -> Source.folder(Path.of(config.desiredStateDir())));
    }

    static Optional<GitSource.Settings> gitSettings(OperatorConfig config) {
        OperatorConfig.Git git = config.git();
        return git.url().filter(u -> !u.isBlank()).map(url -> new GitSource.Settings(url, git.branch(), git.path(),
                new StateLayout(Path.of(config.stateDir())).git(), git.username().filter(u -> !u.isBlank()),
                git.passwordFile().filter(f -> !f.isBlank()).map(Path::of),
                git.sshKeyFile().filter(f -> !f.isBlank()).map(Path::of),
                git.knownHostsFile().filter(f -> !f.isBlank()).map(Path::of)));
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemDefaultZone();
    }

    @Produces
    @Singleton
    DockerEngine docker(OperatorConfig config) {
        return DockerJavaEngine.connect(RegistryCredentials.fromEnvironment(config.docker().config()));
    }

    void close(@Disposes DockerEngine docker) {
        docker.close();
    }

    @Produces
    @Singleton
    EngineProbe engineProbe(DockerEngine docker, Clock clock) {
        return new EngineProbe(() -> docker.info().serverVersion(), clock);
    }

    @Produces
    @Singleton
    DesiredStateLoader loader(OperatorConfig config) {
        return new DesiredStateLoader(System.getenv(), config.promotion().required(), config.maxFileSize().asLongValue());
    }

    @Produces
    @Singleton
    Operator operator(OperatorConfig config, DesiredStateLoader loader, DockerEngine docker, Clock clock,
                      MeterRegistry registry, StatusFeed feed, OperatorMetrics metrics) {
        List<OperatorEvents> listeners = new ArrayList<>();
        listeners.add(metrics);
        listeners.add(feed);
        config.notifications().webhookUrl().filter(u -> !u.isBlank())
                .ifPresent(url -> listeners.add(new WebhookNotifier(URI.create(url), registry)));
        return wire(settings(config), source(config, clock), loader, docker, clock, OperatorEvents.all(listeners));
    }

    @Produces
    @Singleton
    OperatorMetrics metrics(MeterRegistry registry, DockerEngine docker) {
        return new OperatorMetrics(registry, docker);
    }

    @Produces
    @Singleton
    MaintenanceSchedule maintenanceSchedule(OperatorConfig config, Clock clock) {
        return MaintenanceSchedule.parse(config.maintenance().schedule(), clock.getZone());
    }

    /** The Docker data root, the state dir, its backups and the backup archive dir, when set. */
    @Produces
    @Singleton
    DiskWatch diskWatch(OperatorConfig config, DockerEngine docker, Operator operator, MeterRegistry registry, Clock clock) {
        StateLayout layout = new StateLayout(Path.of(config.stateDir()));
        java.util.Map<String, Path> dirs = new java.util.LinkedHashMap<>();
        dirs.put("state-dir", layout.root());
        dirs.put("backups", layout.root().resolve("backups"));
        config.backup().archiveDir().filter(d -> !d.isBlank()).ifPresent(d -> dirs.put("backup-archive", Path.of(d)));
        return new DiskWatch(dirs, () -> docker.info().dockerRootDir(), config.preflight().minFreeDiskPercent(),
                DiskWatch.FILE_SYSTEMS, operator.events(), registry, clock);
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
    Source source(Operator operator) {
        return operator.desiredState().source();
    }

    // the stores a command only reads come from the settings alone: such a command builds no engine or client

    @Produces
    @Singleton
    StatusStore statuses(StateLayout layout) {
        return new StatusStore(layout);
    }

    @Produces
    @Singleton
    HistoryLog history(StateLayout layout, Clock clock) {
        return new HistoryLog(layout, clock);
    }

    @Produces
    @Singleton
    BackupStore backups(OperatorConfig config, Clock clock) {
        OperatorSettings settings = settings(config);
        return new BackupStore(settings.layout(), clock, settings.backupArchiveDir());
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
    BackupVerifier backupVerifier(Operator operator) {
        return operator.backupVerifier();
    }

    @Produces
    Maintenance maintenance(Operator operator) {
        return operator.maintenance();
    }

    @Produces
    StackSmoke smoke(Operator operator) {
        return operator.smoke();
    }
}
