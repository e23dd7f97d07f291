package tokyo.seisei.operator.engine.backup;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.hold.HoldPoints;
import tokyo.seisei.operator.model.BackupSpec;
import tokyo.seisei.operator.model.Retention;
import tokyo.seisei.operator.store.BackupManifest;
import tokyo.seisei.operator.store.BackupRecord;
import tokyo.seisei.operator.store.BackupStore;

/**
 * A backup of a stack's {@code spec.backup} databases as they run now: each dumped from its service's running
 * container, beside the desired-state file that ran, the inspect of the stack's containers and a manifest.
 * Nothing is left on disk of a backup that failed. After a backup, those older than the retention go.
 */
public final class DatabaseBackup {

    /** How long one dump may take before it is abandoned. */
    public static final Duration DEFAULT_DUMP_DEADLINE = Duration.ofMinutes(30);

    private final BackupStore store;
    private final DatabaseDump dump;

    public DatabaseBackup(BackupStore store, Duration dumpDeadline) {
        this(store, dumpDeadline, HoldPoints.NONE);
    }

    public DatabaseBackup(BackupStore store, Duration dumpDeadline, HoldPoints holds) {
        this.store = Objects.requireNonNull(store);
        this.dump = new DatabaseDump(Objects.requireNonNull(dumpDeadline), holds);
    }

    /**
     * Backs up the stack as it runs now ({@code stackctl backup}). The caller holds the stack's lock.
     *
     * @throws BackupFailure with a message naming the stack, and the service, command and cause of a failed dump
     * @throws DockerFailure when the engine cannot be reached
     */
    public BackupResult backUpNow(DesiredStack desired, DockerEngine docker) {
        return backUpNow(desired, docker, List.of(), Set.of());
    }

    /**
     * @param notes what the manifest says of this backup, e.g. that it was taken before a restore
     * @param keep  backups the retention must not remove after this one, e.g. the one about to be restored
     */
    public BackupResult backUpNow(DesiredStack desired, DockerEngine docker, List<String> notes, Set<String> keep) {
        if (desired.backup() == null || desired.backup().databases().isEmpty()) {
            throw new BackupFailure("stack " + desired.name() + " declares no spec.backup databases: nothing to back up");
        }
        return backUp(desired, docker.listStackContainers(desired.name()), docker, notes, keep);
    }

    /** @param containers the stack's containers, as listed by the caller */
    public BackupResult backUp(DesiredStack desired, List<ContainerSummary> containers, DockerEngine docker) {
        return backUp(desired, containers, docker, List.of(), Set.of());
    }

    private BackupResult backUp(DesiredStack desired, List<ContainerSummary> containers, DockerEngine docker,
                                List<String> marks, Set<String> keep) {
        String stack = desired.name();
        Map<BackupSpec.Database, ContainerDetails> targets = new LinkedHashMap<>();
        for (BackupSpec.Database database : desired.backup().databases()) {
            targets.put(database, runningContainer(desired, database.service(), containers, docker));
        }
        BackupRecord record;
        try (BackupStore.Draft draft = store.begin(stack)) {
            List<BackupManifest.Database> dumped = new ArrayList<>();
            targets.forEach((database, container) -> dumped.add(dump.dump(stack, draft, database, container, docker)));
            List<String> notes = new ArrayList<>(marks);
            Path applied = store.layout().applied(stack);
            if (Files.isRegularFile(applied)) {
                draft.copy(applied, BackupStore.DESIRED_STATE);
            } else {
                notes.add("no " + BackupStore.DESIRED_STATE + ": " + applied
                        + " does not exist, no deploy has recorded the desired state that runs");
            }
            Map<String, ContainerDetails> known = new LinkedHashMap<>();
            targets.values().forEach(c -> known.put(c.id(), c));
            draft.write(BackupStore.CONTAINERS, ContainersInspect.of(containers, known, docker, desired.secretValues()));
            record = draft.complete(runningVersion(containers), dumped, notes);
        } catch (UncheckedIOException e) {
            throw new BackupFailure("backup of stack " + stack + " failed: " + e.getMessage(), e);
        }
        try {
            return new BackupResult(record, store.prune(stack, Retention.parse(desired.backup().retentionOrDefault()),
                    union(keep, record.id())), null);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            return new BackupResult(record, List.of(), e.getMessage());
        }
    }

    /** The service's container, which must run: inspected now, not taken from a list made earlier. */
    private static ContainerDetails runningContainer(DesiredStack desired, String service,
                                                     List<ContainerSummary> containers, DockerEngine docker) {
        String failed = "backup of stack " + desired.name() + " failed: service " + service;
        Optional<ContainerSummary> listed = containers.stream()
                .filter(c -> service.equals(ContainerLabels.serviceOf(c)))
                .min(Comparator.comparing(c -> !c.running()));
        DesiredStack.DesiredService declared = desired.service(service);
        String reference = listed.map(ContainerSummary::id).orElse(declared == null ? null : declared.spec().name());
        if (reference == null) {
            throw new BackupFailure(failed + " of spec.backup is not a service of this stack");
        }
        String name = listed.map(ContainerSummary::name).orElse(reference);
        ContainerDetails details = docker.inspectContainer(reference).orElseThrow(() -> new BackupFailure(
                failed + " has no container to dump from (" + name + " does not exist)"));
        if (!details.running()) {
            throw new BackupFailure(failed + ": container " + details.name() + " is " + details.status()
                    + ", not running: cannot dump its database");
        }
        return details;
    }

    /** The version the stack's containers run, from their labels; several during a deploy that was cut short. */
    private static String runningVersion(List<ContainerSummary> containers) {
        List<String> versions = versions(containers.stream().filter(ContainerSummary::running).toList());
        versions = versions.isEmpty() ? versions(containers) : versions;
        return versions.isEmpty() ? null : String.join(",", versions);
    }

    private static List<String> versions(List<ContainerSummary> containers) {
        return containers.stream().map(c -> c.label(ContainerLabels.VERSION)).filter(Objects::nonNull).distinct().sorted().toList();
    }

    private static Set<String> union(Set<String> ids, String id) {
        Set<String> all = new HashSet<>(ids);
        all.add(id);
        return all;
    }
}
