package tokyo.seisei.operator.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.model.BackupSpec;
import tokyo.seisei.operator.model.Retention;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.AtomicFiles;
import tokyo.seisei.operator.store.BackupRecord;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.BackupVerification;
import tokyo.seisei.operator.store.StackLocks;
import tokyo.seisei.operator.store.StateLayout;

/**
 * {@code stackctl maintenance}: the maintenance plan now, one line per action: the backups due for verification
 * are verified, and the backups past their retention are archived (when an archive dir is set) and removed, each
 * stack under its lock; then, unless {@code operator.maintenance.image-cleanup} is never, the images nothing needs
 * are removed ({@link ImageCleanup}). A dry run says what would be done and changes nothing. The daemon runs the
 * same plan on its schedule ({@link #scheduledRun}), taking only what is due.
 */
public final class Maintenance {

    private final DesiredState desiredState;
    private final BackupStore backups;
    private final BackupVerifier verifier;
    private final StackLocks locks;
    private final ImageCleanup images;
    private final ImageCleanupSchedule schedule;
    private final StateLayout layout;
    private final Clock clock;

    public Maintenance(DesiredState desiredState, BackupStore backups, BackupVerifier verifier, StackLocks locks,
                       ImageCleanup images, ImageCleanupSchedule schedule, StateLayout layout, Clock clock) {
        this.desiredState = desiredState;
        this.backups = backups;
        this.verifier = verifier;
        this.locks = locks;
        this.images = images;
        this.schedule = schedule;
        this.layout = layout;
        this.clock = clock;
    }

    /**
     * The daemon's scheduled run: the backups due for verification by {@code dueBy} (the next scheduled run) are
     * verified, skipping a stack being converged; the backups past their retention are archived and removed; then
     * the images nothing needs, when the image cleanup is due by {@code dueBy}. Between the parts it stops when
     * {@code stopping} says so; a run not cut short is recorded, for {@link #lastRun()}.
     *
     * @return one line per action, as {@link #run} prints them
     */
    public List<String> scheduledRun(Instant dueBy, BooleanSupplier stopping) {
        Instant started = clock.instant();
        List<String> lines = new ArrayList<>(verifier.removeLeftovers());
        verifier.verifyDue(dueBy).forEach((stack, v) -> lines.add(verified(stack, v)));
        if (stopping.getAsBoolean()) {
            return lines;
        }
        for (LoadedStack loaded : desiredState.all()) {
            BackupSpec spec = loaded.valid() ? loaded.document().spec().backup() : null;
            if (spec != null) {
                lines.addAll(removeExpired(loaded.name(), spec));
            }
        }
        if (stopping.getAsBoolean()) {
            return lines;
        }
        try {
            lines.addAll(cleanImagesIfDue(dueBy));
        } catch (DockerFailure e) {
            lines.add("image cleanup skipped: " + e.getMessage());
        }
        AtomicFiles.write(layout.maintenanceRun(), started + "\n");
        return lines;
    }

    /** When the last scheduled run not cut short started; empty when none is recorded or its file is unreadable. */
    public Optional<Instant> lastRun() {
        return readInstant(layout.maintenanceRun());
    }

    /** The image cleanup, when the schedule says it is due by then, and returns what it printed, else nothing. */
    public List<String> cleanImagesIfDue(Instant dueBy) {
        Optional<Duration> every = schedule.every();
        if (every.isEmpty()) {
            return List.of();
        }
        Optional<Instant> last = readInstant(layout.imageCleanup()); // unreadable: cleaned now, and the file written anew
        if (last.isPresent() && last.get().plus(every.get()).isAfter(dueBy)) {
            return List.of();
        }
        return cleanImages();
    }

    private List<String> cleanImages() {
        List<String> lines = images.run(false);
        AtomicFiles.write(layout.imageCleanup(), clock.instant() + "\n");
        return lines;
    }

    private static Optional<Instant> readInstant(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Instant.parse(Files.readString(file).strip())) : Optional.empty();
        } catch (IOException | java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String verified(String stack, BackupVerification v) {
        return "verified " + stack + " " + v.backupId() + ": " + (v.passed() ? "passed" : "FAILED: " + v.failure());
    }

    /** Under the stack's lock, so no backup is removed under a converge or a verification of the stack. */
    private List<String> removeExpired(String stack, BackupSpec spec) {
        List<String> lines = new ArrayList<>();
        try (StackLocks.Held ignored = locks.lock(stack)) {
            for (BackupRecord removed : backups.prune(stack, Retention.parse(spec.retentionOrDefault()), Set.of())) {
                lines.add(backups.archiveOf(removed).map(a -> "archived to " + a + " and ").orElse("")
                        + "removed " + stack + " " + removed.id() + " (past its retention of " + spec.retentionOrDefault() + ")");
            }
        }
        return lines;
    }

    public List<String> run(boolean dryRun) {
        List<String> lines = new ArrayList<>(dryRun ? List.of() : verifier.removeLeftovers());
        List<String> due = verifier.due();
        for (LoadedStack loaded : desiredState.all()) {
            BackupSpec spec = loaded.valid() ? loaded.document().spec().backup() : null;
            if (spec == null) {
                continue;
            }
            String stack = loaded.name();
            if (due.contains(stack)) {
                if (dryRun) {
                    lines.add("would verify " + stack + " " + backups.list(stack).get(0).id());
                } else {
                    lines.add(verified(stack, verifier.verify(stack, null)));
                }
            }
            java.time.Duration retention = Retention.parse(spec.retentionOrDefault());
            if (dryRun) {
                for (BackupRecord expired : backups.expired(stack, retention)) {
                    lines.add("would " + backups.archiveOf(expired).map(a -> "archive to " + a + " and ").orElse("")
                            + "remove " + stack + " " + expired.id() + " (past its retention of " + spec.retentionOrDefault() + ")");
                }
            } else {
                lines.addAll(removeExpired(stack, spec));
            }
        }
        if (schedule.every().isPresent()) {
            try {
                lines.addAll(dryRun ? images.run(true) : cleanImages());
            } catch (DockerFailure e) {
                lines.add("image cleanup skipped: " + e.getMessage()); // the backups' part is done all the same
            }
        }
        return lines;
    }
}
