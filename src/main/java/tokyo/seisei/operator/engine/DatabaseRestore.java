package tokyo.seisei.operator.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.docker.ExecResult;
import tokyo.seisei.operator.engine.smoke.SmokeResult;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.BackupManifest;
import tokyo.seisei.operator.store.BackupRecord;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.PauseStore;
import tokyo.seisei.operator.store.StackLocks;
import tokyo.seisei.operator.store.StatusStore;

/**
 * {@code stackctl restore}: the runbook's by-hand database rollback, on a paused stack only. The services that
 * depend on the database are stopped, the dump is piped into the restore command by docker exec, they are
 * started again, and the smoke must pass. Recorded as {@code restore | <version> | success|fail | <backup id>}.
 */
public final class DatabaseRestore {

    static final Duration RESTORE_DEADLINE = Duration.ofMinutes(30);

    /** @param problems what went wrong; empty on success */
    public record Outcome(String stack, String backupId, String version, List<String> problems, List<String> stopped) {
        public boolean succeeded() {
            return problems.isEmpty();
        }
    }

    private final Path desiredStateDir;
    private final DesiredStateLoader loader;
    private final DockerEngine docker;
    private final BackupStore backups;
    private final PauseStore pauses;
    private final StatusStore statuses;
    private final HistoryLog history;
    private final StackLocks locks;
    private final SmokeRunner smoke;

    public DatabaseRestore(Path desiredStateDir, DesiredStateLoader loader, DockerEngine docker, BackupStore backups,
                           PauseStore pauses, StatusStore statuses, HistoryLog history, StackLocks locks, SmokeRunner smoke) {
        this.desiredStateDir = desiredStateDir;
        this.loader = loader;
        this.docker = docker;
        this.backups = backups;
        this.pauses = pauses;
        this.statuses = statuses;
        this.history = history;
        this.locks = locks;
        this.smoke = smoke;
    }

    /** @throws IllegalArgumentException when the restore is refused; nothing changed then */
    public Outcome restore(String stack, String backupId) {
        try (AutoCloseable ignored = locks.lock(stack)) {
            LoadedStack loaded = loader.loadDirectory(desiredStateDir).stream().filter(s -> s.name().equals(stack))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no stack named " + stack));
            boolean paused = pauses.pauseOf(stack).isPresent() || loaded.valid() && loaded.document().spec().pausedInGit();
            if (!paused) {
                throw new IllegalArgumentException("refused: " + stack + " is not paused, and the operator would undo a"
                        + " restore it does not expect; first: stackctl pause " + stack + " --reason \"restore " + backupId + "\"");
            }
            if (!loaded.valid()) {
                throw new IllegalArgumentException("the desired state of " + stack + " is not valid: " + loaded.errors().get(0));
            }
            BackupRecord backup = backups.find(stack, backupId).orElseThrow(() -> new IllegalArgumentException(
                    "no complete backup " + backupId + " of " + stack + " (stackctl backups " + stack + " lists them)"));
            BackupManifest manifest = backups.manifest(backup.path());
            if (manifest.databases().isEmpty()) {
                throw new IllegalArgumentException("backup " + backupId + " of " + stack + " holds no database dump");
            }
            DesiredStack desired = new StackRenderer().render(loaded);
            String version = statuses.read(stack).map(StackStatus::currentVersion).orElse(manifest.version());
            Outcome outcome = restore(desired, backup, manifest, version);
            history.record(stack, loaded.environment(), "restore", version,
                    outcome.succeeded() ? HistoryLog.SUCCESS : HistoryLog.FAIL,
                    outcome.succeeded() ? backupId : backupId + ": " + String.join("; ", outcome.problems()));
            return outcome;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Outcome restore(DesiredStack desired, BackupRecord backup, BackupManifest manifest, String version) {
        List<String> problems = new ArrayList<>();
        Set<String> dependents = new LinkedHashSet<>();
        manifest.databases().forEach(db -> dependents.addAll(dependentsOf(desired, db.service())));
        List<String> stopped = new ArrayList<>();
        try {
            for (String service : dependents) {
                String container = desired.service(service).spec().name();
                stopped.add(container);
                docker.stopContainer(container, ReplaceContainers.DEFAULT_GRACE);
            }
            for (BackupManifest.Database db : manifest.databases()) {
                restoreOne(desired, backup.path(), db).ifPresent(problems::add);
            }
        } finally {
            stopped.forEach(docker::startContainer);
        }
        if (problems.isEmpty()) {
            SmokeResult verdict = smoke.run(desired, desired.smoke());
            if (!verdict.passed()) {
                problems.add(verdict.message());
            }
        }
        return new Outcome(desired.name(), backup.id(), version, problems, stopped);
    }

    private java.util.Optional<String> restoreOne(DesiredStack desired, Path folder, BackupManifest.Database db) {
        DesiredStack.DesiredService service = desired.service(db.service());
        if (service == null) {
            return java.util.Optional.of("service " + db.service() + " of the backup is no longer in the stack");
        }
        String command = String.join(" ", db.restore());
        try (InputStream dump = new GZIPInputStream(Files.newInputStream(folder.resolve(db.file())))) {
            ExecResult result = docker.exec(service.spec().name(), db.restore(), dump, null, RESTORE_DEADLINE);
            return result.succeeded() ? java.util.Optional.empty() : java.util.Optional.of("restore of " + db.service()
                    + " (" + command + ") exited with code " + result.exitCode() + ": " + result.stderr());
        } catch (IOException e) {
            return java.util.Optional.of("cannot read " + folder.resolve(db.file()) + ": " + e.getMessage());
        } catch (DockerFailure e) {
            return java.util.Optional.of("restore of " + db.service() + " (" + command + "): " + e.getMessage());
        }
    }

    /** Every service that depends on this one, directly or through others. */
    static Set<String> dependentsOf(DesiredStack desired, String service) {
        Set<String> found = new LinkedHashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (DesiredStack.DesiredService s : desired.services()) {
                boolean dependsOnFound = s.dependsOn().keySet().stream().anyMatch(d -> d.equals(service) || found.contains(d));
                if (dependsOnFound && found.add(s.name())) {
                    grew = true;
                }
            }
        }
        return found;
    }
}
