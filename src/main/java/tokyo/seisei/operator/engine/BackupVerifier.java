package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.backup.ScratchDatabase;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.engine.status.StackRecorder;
import tokyo.seisei.operator.model.BackupSpec;
import tokyo.seisei.operator.model.Secrets;
import tokyo.seisei.operator.model.StackName;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.BackupManifest;
import tokyo.seisei.operator.store.BackupRecord;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.BackupSums;
import tokyo.seisei.operator.store.BackupVerification;
import tokyo.seisei.operator.store.StackLocks;

/**
 * {@code stackctl verify-backup} and the daemon's schedule of spec.backup.verify: a backup is checked against its
 * manifest, then restored into a throwaway database ({@link ScratchDatabase}); nothing is read from or written to
 * the live one. The result goes beside the backup ({@code verification.json}), into the stack's status
 * ({@code lastVerifiedBackup}), the metrics, and the webhook when it failed. Under the stack's lock, so it never
 * runs during a converge of the stack, and the backup cannot be pruned under it.
 */
public final class BackupVerifier {

    private final DesiredState desiredState;
    private final BackupStore backups;
    private final ScratchDatabase scratch;
    private final StackRecorder recorder;
    private final StackLocks locks;
    private final Clock clock;

    public BackupVerifier(DesiredState desiredState, BackupStore backups, ScratchDatabase scratch, StackRecorder recorder,
                          StackLocks locks, Clock clock) {
        this.desiredState = desiredState;
        this.backups = backups;
        this.scratch = scratch;
        this.recorder = recorder;
        this.locks = locks;
        this.clock = clock;
    }

    /**
     * Verifies one backup now, waiting for a converge of the stack to end first.
     *
     * @param backupId null for the newest backup
     * @throws Refused when the stack, its file or the backup cannot be used; nothing is recorded then
     */
    public BackupVerification verify(String stack, String backupId) {
        try (StackLocks.Held ignored = locks.lock(stack)) {
            return verifyHeld(stack, backupId);
        }
    }

    /**
     * The daemon's part: verifies the newest backup of each stack whose last verification will be older than its
     * spec.backup.verify by {@code dueBy} (the next scheduled run, so no period is overrun while waiting for it),
     * skipping a stack a converge holds now (the next run comes back to it).
     *
     * @return the verifications made, by stack
     */
    public Map<String, BackupVerification> verifyDue(Instant dueBy) {
        Map<String, BackupVerification> made = new LinkedHashMap<>();
        for (LoadedStack loaded : desiredState.all()) {
            if (!due(loaded, dueBy)) {
                continue;
            }
            locks.tryLock(loaded.name()).ifPresent(held -> {
                try (held) {
                    made.put(loaded.name(), verifyHeld(loaded.name(), null));
                } catch (Refused e) {
                    // the stack or its backup went away since it was found due
                }
            });
        }
        return made;
    }

    /**
     * Removes the throwaway containers a verification killed on its way left behind, of each stack no verification
     * holds now (one runs under the stack's lock, in the daemon or in a command).
     *
     * @return one line per stack whose containers were removed
     */
    public List<String> removeLeftovers() {
        List<String> lines = new ArrayList<>();
        scratch.leftovers().forEach((stack, ids) -> {
            if (!StackName.isValid(stack)) {
                return; // not a label this operator wrote
            }
            locks.tryLock(stack).ifPresent(held -> {
                try (held) {
                    ids.forEach(scratch::remove);
                    lines.add("removed " + ids.size() + " throwaway database container" + (ids.size() == 1 ? "" : "s")
                            + " of " + stack + " left by a verification that was stopped");
                }
            });
        });
        return lines;
    }

    /** The stacks whose newest backup is due for verification now, by their spec.backup.verify. */
    public List<String> due() {
        return due(clock.instant());
    }

    /** The stacks whose last verification will be older than their spec.backup.verify at {@code dueBy}. */
    public List<String> due(Instant dueBy) {
        return desiredState.all().stream().filter(loaded -> due(loaded, dueBy)).map(LoadedStack::name).toList();
    }

    /**
     * The last verification that passed, of any backup of each stack of the desired state: what the metrics
     * show at the daemon's start, before it verifies anything itself.
     */
    public Map<String, BackupVerification> lastPassed() {
        Map<String, BackupVerification> passed = new TreeMap<>();
        for (String stack : desiredState.names()) {
            backups.list(stack).stream().flatMap(b -> backups.verification(b).stream()).filter(BackupVerification::passed)
                    .max(Comparator.comparing(v -> Instant.parse(v.at())))
                    .ifPresent(v -> passed.put(stack, v));
        }
        return passed;
    }

    private boolean due(LoadedStack loaded, Instant dueBy) {
        BackupSpec spec = loaded.valid() ? loaded.document().spec().backup() : null;
        if (spec == null) {
            return false;
        }
        Optional<Duration> every = spec.verifyEvery();
        List<BackupRecord> all = backups.list(loaded.name());
        if (every.isEmpty() || all.isEmpty()) {
            return false;
        }
        Instant last = all.stream().flatMap(b -> backups.verification(b).stream())
                .map(v -> Instant.parse(v.at())).max(Instant::compareTo).orElse(Instant.EPOCH);
        return !last.plus(every.get()).isAfter(dueBy);
    }

    private BackupVerification verifyHeld(String stack, String backupId) {
        LoadedStack loaded = desiredState.find(stack).orElseThrow(() -> new Refused("no stack named " + stack));
        if (!loaded.valid()) {
            throw new Refused("the desired state of " + stack + " is not valid: " + loaded.errors().get(0));
        }
        BackupSpec spec = loaded.document().spec().backup();
        BackupRecord backup = (backupId == null ? backups.list(stack).stream().findFirst() : backups.find(stack, backupId))
                .orElseThrow(() -> new Refused(backupId == null ? "no backup of " + stack + " (stackctl backup " + stack
                        + " takes one)" : "no complete backup " + backupId + " of " + stack + " (stackctl backups " + stack
                        + " lists them)"));
        long started = System.nanoTime();
        Optional<String> answer = Optional.empty();
        String failure = null;
        try {
            BackupManifest manifest = backups.manifest(backup.path());
            List<String> damaged = BackupSums.mismatches(backup.path(), manifest);
            if (!damaged.isEmpty()) {
                failure = "the backup does not match its manifest: " + String.join("; ", damaged);
            } else if (manifest.databases().isEmpty()) {
                failure = "the backup holds no database dump";
            } else {
                DesiredStack desired = new StackRenderer().render(loaded);
                answer = scratch.check(desired, backup.id(), backup.path(), manifest,
                        spec == null ? List.of() : spec.verifyQueryOrNone());
            }
        } catch (ScratchDatabase.Failed | DockerFailure | java.io.UncheckedIOException e) {
            failure = e.getMessage();
        }
        BackupVerification verification = new BackupVerification(backup.id(),
                Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(), failure == null,
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                answer.map(a -> Secrets.redact(a, loaded.secretValues())).orElse(null),
                failure == null ? null : Secrets.redact(failure, loaded.secretValues()));
        backups.writeVerification(backup, verification);
        recorder.backupVerified(stack, verification);
        return verification;
    }
}
