package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.backup.BackupFailure;
import tokyo.seisei.operator.engine.backup.DatabaseBackup;
import tokyo.seisei.operator.engine.gates.PauseGate;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.engine.status.HistoryLine;
import tokyo.seisei.operator.engine.status.OperationLog;
import tokyo.seisei.operator.engine.status.StackRecorder;
import tokyo.seisei.operator.engine.status.StatusDraft;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.BackupManifest;
import tokyo.seisei.operator.store.BackupRecord;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.BackupSums;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.OperationRecord;
import tokyo.seisei.operator.store.StackLocks;

/**
 * {@code stackctl restore}: the runbook's by-hand database rollback, on a paused stack only. The backup is checked
 * against its manifest first, and what runs now is backed up (marked pre-restore) before anything is touched; an
 * operation record names both while the dump goes in. Recorded as
 * {@code restore | <version> | success|fail | <backup id>}.
 */
public final class DatabaseRestore {

    /** @param problems what went wrong, empty on success; {@code safetyBackup} the backup taken just before */
    public record Outcome(String stack, String backupId, String version, List<String> problems, List<String> stopped,
                          String safetyBackup) {
        public boolean succeeded() {
            return problems.isEmpty();
        }
    }

    private final DesiredState desiredState;
    private final DockerEngine docker;
    private final BackupStore backups;
    private final DatabaseBackup safety;
    private final PauseGate pause;
    private final StackRecorder recorder;
    private final OperationLog operations;
    private final StackLocks locks;
    private final RestoreRun run;
    private final Clock clock;

    public DatabaseRestore(DesiredState desiredState, DockerEngine docker, BackupStore backups, DatabaseBackup safety,
                           PauseGate pause, StackRecorder recorder, OperationLog operations, StackLocks locks, RestoreRun run,
                           Clock clock) {
        this.desiredState = desiredState;
        this.docker = docker;
        this.backups = backups;
        this.safety = safety;
        this.pause = pause;
        this.recorder = recorder;
        this.operations = operations;
        this.locks = locks;
        this.run = run;
        this.clock = clock;
    }

    /** @throws Refused when the restore is refused; nothing changed then */
    public Outcome restore(String stack, String backupId) {
        try (StackLocks.Held ignored = locks.lock(stack)) {
            LoadedStack loaded = desiredState.find(stack).orElseThrow(() -> new Refused("no stack named " + stack));
            if (pause.pausedBecause(loaded).isEmpty()) {
                throw new Refused("refused: " + stack + " is not paused, and the operator would undo a restore it does not"
                        + " expect; first: stackctl pause " + stack + " --reason \"restore " + backupId + "\"");
            }
            if (!loaded.valid()) {
                throw new Refused("the desired state of " + stack + " is not valid: " + loaded.errors().get(0));
            }
            Refused.unlessSettled(operations, stack);
            BackupRecord backup = backups.find(stack, backupId).orElseThrow(() -> new Refused(
                    "no complete backup " + backupId + " of " + stack + " (stackctl backups " + stack + " lists them)"));
            BackupManifest manifest = backups.manifest(backup.path());
            if (manifest.databases().isEmpty()) {
                throw new Refused("backup " + backupId + " of " + stack + " holds no database dump");
            }
            List<String> damaged = BackupSums.mismatches(backup.path(), manifest);
            if (!damaged.isEmpty()) {
                throw new Refused("backup " + backupId + " of " + stack + " does not match its manifest, nothing was changed: "
                        + String.join("; ", damaged));
            }
            return restore(loaded, backup, manifest);
        }
    }

    private Outcome restore(LoadedStack loaded, BackupRecord backup, BackupManifest manifest) {
        String stack = loaded.name();
        DesiredStack desired = new StackRenderer().render(loaded);
        StatusDraft draft = recorder.draft(stack);
        String version = draft.currentVersion() != null ? draft.currentVersion() : manifest.version();
        String safetyId;
        try {
            safetyId = safety.backUpNow(desired, docker, List.of("pre-restore: what ran before backup " + backup.id()
                    + " was restored"), Set.of(backup.id())).backup().id();
        } catch (BackupFailure e) {
            throw new Refused("no backup of what runs now could be taken, so nothing was restored: " + e.getMessage());
        }
        operations.write(OperationRecord.begun(OperationRecord.RESTORE, stack, HistoryLog.RESTORE, version, version,
                loaded.revision(), null, Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString())
                .restoring(backup.id(), safetyId, "pipe the dump(s) of " + backup.id() + " into the database(s)"));
        RestoreRun.Result result = run.run(desired, backup.path(), manifest);
        String problems = String.join("; ", result.problems());
        String paused = pause.pausedBecause(loaded).orElse("paused");
        Transition end = result.problems().isEmpty()
                ? Transition.to(Phase.Paused, Reason.PAUSED, paused)
                .record(HistoryLine.of(HistoryLog.RESTORE, version, HistoryLog.SUCCESS, backup.id()))
                : Transition.to(Phase.Paused, Reason.RESTORE_FAILED, "the restore of backup " + backup.id() + " failed: "
                        + problems + "; the backup of what ran before it is " + safetyId)
                .record(HistoryLine.of(HistoryLog.RESTORE, version, HistoryLog.FAIL, backup.id() + ": " + problems
                        + "; the backup of what ran before it is " + safetyId));
        recorder.apply(draft, end);
        operations.closed(stack);
        return new Outcome(stack, backup.id(), version, result.problems(), result.stopped(), safetyId);
    }
}
