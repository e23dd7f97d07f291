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
import tokyo.seisei.operator.engine.gates.PauseGate;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.engine.smoke.SmokeResult;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.engine.status.HistoryLine;
import tokyo.seisei.operator.engine.status.StackRecorder;
import tokyo.seisei.operator.engine.status.StatusDraft;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.engine.steps.ReplaceContainers;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.BackupManifest;
import tokyo.seisei.operator.store.BackupRecord;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.StackLocks;

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

    private final DesiredState desiredState;
    private final DockerEngine docker;
    private final BackupStore backups;
    private final PauseGate pause;
    private final StackRecorder recorder;
    private final StackLocks locks;
    private final SmokeRunner smoke;

    public DatabaseRestore(DesiredState desiredState, DockerEngine docker, BackupStore backups, PauseGate pause,
                    StackRecorder recorder, StackLocks locks, SmokeRunner smoke) {
        this.desiredState = desiredState;
        this.docker = docker;
        this.backups = backups;
        this.pause = pause;
        this.recorder = recorder;
        this.locks = locks;
        this.smoke = smoke;
    }

    /** @throws Refused when the restore is refused; nothing changed then */
    public Outcome restore(String stack, String backupId) {
        try (StackLocks.Held ignored = locks.lock(stack)) {
            LoadedStack loaded = desiredState.find(stack).orElseThrow(() -> new Refused("no stack named " + stack));
            if (pause.pausedBecause(loaded).isEmpty()) {
                throw new Refused("refused: " + stack + " is not paused, and the operator would undo a"
                        + " restore it does not expect; first: stackctl pause " + stack + " --reason \"restore " + backupId + "\"");
            }
            if (!loaded.valid()) {
                throw new Refused("the desired state of " + stack + " is not valid: " + loaded.errors().get(0));
            }
            BackupRecord backup = backups.find(stack, backupId).orElseThrow(() -> new Refused(
                    "no complete backup " + backupId + " of " + stack + " (stackctl backups " + stack + " lists them)"));
            BackupManifest manifest = backups.manifest(backup.path());
            if (manifest.databases().isEmpty()) {
                throw new Refused("backup " + backupId + " of " + stack + " holds no database dump");
            }
            StatusDraft draft = recorder.draft(stack);
            String version = draft.currentVersion() != null ? draft.currentVersion() : manifest.version();
            Outcome outcome = restore(new StackRenderer().render(loaded), backup, manifest, version);
            recorder.apply(draft, Transition.unchanged(draft).record(HistoryLine.of(HistoryLog.RESTORE, version,
                    outcome.succeeded() ? HistoryLog.SUCCESS : HistoryLog.FAIL,
                    outcome.succeeded() ? backupId : backupId + ": " + String.join("; ", outcome.problems()))));
            return outcome;
        }
    }

    private Outcome restore(DesiredStack desired, BackupRecord backup, BackupManifest manifest, String version) {
        List<String> problems = new ArrayList<>();
        Set<String> dependents = new LinkedHashSet<>();
        manifest.databases().forEach(db -> dependents.addAll(desired.dependentsOf(db.service())));
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
}
