package tokyo.seisei.operator.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.docker.ExecResult;
import tokyo.seisei.operator.model.BackupSpec;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.Secrets;
import tokyo.seisei.operator.model.Retention;
import tokyo.seisei.operator.store.BackupManifest;
import tokyo.seisei.operator.store.BackupRecord;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.StateLayout;

/**
 * Saves a stack's databases before anything of it that runs is replaced: each {@code spec.backup} database is
 * dumped by {@code docker exec} in its service's running container (no TTY), its stdout gzipped to the backup
 * folder as it comes, beside the desired-state file that ran, the inspect of the stack's containers and a
 * manifest. A dump that fails, writes nothing or cannot be found fails the step, and leaves no folder behind:
 * nothing is replaced without a backup. After a backup, those older than {@code spec.backup.retention} go.
 */
public final class BackupDatabases implements Step {

    /** How long one dump may take before it is abandoned. */
    public static final Duration DEFAULT_DUMP_DEADLINE = Duration.ofMinutes(30);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int GZIP_BUFFER = 64 * 1024;
    private static final int CAUSE_CHARS = 600;

    /**
     * A backup that was made.
     *
     * @param pruned       the older backups removed by the retention
     * @param pruneProblem why older backups could not be removed, or null; the backup itself is complete
     */
    public record Result(BackupRecord backup, List<BackupRecord> pruned, String pruneProblem) {
    }

    /** A backup that could not be made; nothing of it is left on disk. */
    public static final class BackupFailure extends RuntimeException {
        BackupFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final BackupStore store;
    private final Duration dumpDeadline;

    public BackupDatabases(BackupStore store, Duration dumpDeadline) {
        this.store = Objects.requireNonNull(store);
        this.dumpDeadline = Objects.requireNonNull(dumpDeadline);
    }

    /** The step as the pipeline runs it: backups under the state dir, each dump given {@link #DEFAULT_DUMP_DEADLINE}. */
    public static BackupDatabases create(StateLayout layout, Clock clock) {
        return new BackupDatabases(new BackupStore(layout, clock), DEFAULT_DUMP_DEADLINE);
    }

    public BackupStore store() {
        return store;
    }

    @Override
    public String name() {
        return "Backup";
    }

    @Override
    public String failureReason() {
        return Reason.BACKUP_FAILED;
    }

    @Override
    public StepOutcome run(Deployment deployment) {
        DesiredStack desired = deployment.desired();
        StackPlan plan = deployment.plan();
        if (desired.backup() == null) {
            return StepOutcome.done("no spec.backup: nothing to back up");
        }
        if (plan.changes().stream().noneMatch(StackPlan.ServiceAction::replacesRunning)) {
            boolean somethingRuns = plan.actions().stream().anyMatch(a -> a.current() != null && a.current().running())
                    || plan.undeclared().stream().anyMatch(ContainerSummary::running);
            return StepOutcome.done(somethingRuns ? "nothing that runs is replaced: no backup"
                    : "nothing runs yet: no backup");
        }
        List<ContainerSummary> containers = new ArrayList<>();
        plan.actions().stream().map(StackPlan.ServiceAction::current).filter(Objects::nonNull).forEach(containers::add);
        containers.addAll(plan.undeclared());
        try {
            return StepOutcome.done(describe(desired, backUp(desired, containers, deployment.docker())));
        } catch (BackupFailure e) {
            return StepOutcome.failed(Reason.BACKUP_FAILED, e.getMessage());
        }
    }

    /**
     * Backs up the stack as it runs now, outside a deploy ({@code stackctl backup}). The caller holds the
     * stack's lock.
     *
     * @throws BackupFailure  with a message naming the stack, and the service, command and cause of a failed dump
     * @throws DockerFailure  when the engine cannot be reached
     */
    public Result backUpNow(DesiredStack desired, DockerEngine docker) {
        if (desired.backup() == null || desired.backup().databases().isEmpty()) {
            throw new BackupFailure("stack " + desired.name() + " declares no spec.backup databases: nothing to back up",
                    null);
        }
        return backUp(desired, docker.listStackContainers(desired.name()), docker);
    }

    /** A database, and the running container of its service that dumps it. */
    private record Target(BackupSpec.Database database, ContainerDetails container) {
    }

    private Result backUp(DesiredStack desired, List<ContainerSummary> containers, DockerEngine docker) {
        String stack = desired.name();
        BackupSpec spec = desired.backup();
        List<Target> targets = new ArrayList<>();
        for (BackupSpec.Database database : spec.databases()) {
            targets.add(new Target(database, runningContainer(desired, database.service(), containers, docker)));
        }
        BackupRecord record;
        try (BackupStore.Draft draft = store.begin(stack)) {
            List<BackupManifest.Database> dumped = new ArrayList<>();
            for (Target target : targets) {
                dumped.add(dump(stack, draft, target, docker));
            }
            List<String> notes = new ArrayList<>();
            Path applied = store.layout().applied(stack);
            if (Files.isRegularFile(applied)) {
                draft.copy(applied, BackupStore.DESIRED_STATE);
            } else {
                notes.add("no " + BackupStore.DESIRED_STATE + ": " + applied
                        + " does not exist, no deploy has recorded the desired state that runs");
            }
            draft.write(BackupStore.CONTAINERS, inspectJson(containers, targets, docker));
            record = draft.complete(runningVersion(containers), dumped, notes);
        } catch (UncheckedIOException e) {
            throw new BackupFailure("backup of stack " + stack + " failed: " + e.getMessage(), e);
        }
        List<BackupRecord> pruned = List.of();
        String pruneProblem = null;
        try {
            pruned = store.prune(stack, Retention.parse(spec.retentionOrDefault()), record.id());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            pruneProblem = e.getMessage();
        }
        return new Result(record, pruned, pruneProblem);
    }

    /** The service's container, which must run: inspected now, not taken from a list made earlier. */
    private static ContainerDetails runningContainer(DesiredStack desired, String service,
                                                     List<ContainerSummary> containers, DockerEngine docker) {
        String stack = desired.name();
        Optional<ContainerSummary> listed = containers.stream()
                .filter(c -> service.equals(c.label(ContainerLabels.SERVICE)))
                .min(Comparator.comparing(c -> !c.running()));
        DesiredStack.DesiredService declared = desired.service(service);
        String reference = listed.map(ContainerSummary::id)
                .orElse(declared == null ? null : declared.spec().name());
        if (reference == null) {
            throw new BackupFailure("backup of stack " + stack + " failed: service " + service
                    + " of spec.backup is not a service of this stack", null);
        }
        String name = listed.map(ContainerSummary::name).orElse(reference);
        ContainerDetails details = docker.inspectContainer(reference).orElseThrow(() -> new BackupFailure(
                "backup of stack " + stack + " failed: service " + service + " has no container to dump from ("
                        + name + " does not exist)", null));
        if (!details.running()) {
            throw new BackupFailure("backup of stack " + stack + " failed: service " + service + ": container "
                    + details.name() + " is " + details.status() + ", not running: cannot dump its database", null);
        }
        return details;
    }

    private BackupManifest.Database dump(String stack, BackupStore.Draft draft, Target target, DockerEngine docker) {
        BackupSpec.Database database = target.database();
        String file = database.fileOrDefault();
        String command = String.join(" ", database.dump());
        String what = "backup of stack " + stack + " failed: dump of service " + database.service() + " ("
                + command + " in container " + target.container().name() + ")";
        ExecResult result;
        long bytes;
        try (CountingStream counted = new CountingStream(new GZIPOutputStream(draft.create(file), GZIP_BUFFER))) {
            result = docker.exec(target.container().id(), database.dump(), null, counted, dumpDeadline);
            bytes = counted.count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + draft.folder().resolve(file) + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            IOException why = e.getCause();
            throw new UncheckedIOException("cannot write " + draft.folder().resolve(file) + " (dump of service "
                    + database.service() + "): " + why.getMessage(), why);
        } catch (DockerFailure e) {
            if (e.transientFailure()) {
                throw e;
            }
            throw new BackupFailure(what + " failed: " + e.getMessage(), e);
        }
        long exit = result.exitCode();
        if (exit == 126 || exit == 127) {
            throw new BackupFailure(what + ": command not found in the container (exit code " + exit + ")"
                    + cause(result), null);
        }
        if (exit != 0) {
            throw new BackupFailure(what + " exited with code " + exit + cause(result), null);
        }
        if (bytes == 0) {
            throw new BackupFailure(what + " wrote nothing to stdout: an empty dump is no backup" + cause(result), null);
        }
        return new BackupManifest.Database(database.service(), target.container().name(), database.dump(),
                database.restore(), file, bytes);
    }

    /** The end of what the command wrote to stderr, on one line. */
    private static String cause(ExecResult result) {
        String stderr = result.stderr() == null ? "" : result.stderr().strip();
        if (stderr.isEmpty()) {
            return "";
        }
        String line = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining(" / "));
        return ": " + (line.length() > CAUSE_CHARS ? "..." + line.substring(line.length() - CAUSE_CHARS) : line);
    }

    /** A JSON array of the engine's inspect of each of the stack's containers, in service order. */
    private static byte[] inspectJson(List<ContainerSummary> containers, List<Target> targets, DockerEngine docker) {
        Map<String, ContainerDetails> known = new LinkedHashMap<>();
        targets.forEach(t -> known.put(t.container().id(), t.container()));
        ArrayNode array = JSON.createArrayNode();
        containers.stream()
                .sorted(Comparator.comparing((ContainerSummary c) -> String.valueOf(c.label(ContainerLabels.SERVICE)))
                        .thenComparing(c -> String.valueOf(c.name())))
                .map(c -> Optional.ofNullable(known.get(c.id())).or(() -> docker.inspectContainer(c.id())))
                .flatMap(Optional::stream)
                .forEach(details -> {
                    try {
                        array.add(maskEnvironment(JSON.readTree(details.rawJson())));
                    } catch (IOException e) {
                        array.add("inspect of " + details.name() + " could not be read: " + e.getMessage());
                    }
                });
        try {
            return JSON.writeValueAsBytes(array);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the inspect of the containers: " + e.getMessage(), e);
        }
    }

    /** Secrets in Config.Env are written as NAME=****: a backup folder is no place for passwords in clear. */
    private static JsonNode maskEnvironment(JsonNode inspect) {
        JsonNode env = inspect.path("Config").path("Env");
        if (env instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                list.set(i, JSON.getNodeFactory().textNode(Secrets.maskAssignment(list.get(i).asText())));
            }
        }
        return inspect;
    }

    /** The version the stack's containers run, from their labels; several during a deploy that was cut short. */
    private static String runningVersion(List<ContainerSummary> containers) {
        List<String> versions = containers.stream().filter(ContainerSummary::running)
                .map(c -> c.label(ContainerLabels.VERSION)).filter(Objects::nonNull).distinct().sorted().toList();
        if (versions.isEmpty()) {
            versions = containers.stream().map(c -> c.label(ContainerLabels.VERSION)).filter(Objects::nonNull)
                    .distinct().sorted().toList();
        }
        return versions.isEmpty() ? null : String.join(",", versions);
    }

    private static String describe(DesiredStack desired, Result result) {
        BackupRecord backup = result.backup();
        String services = desired.backup().databases().stream().map(BackupSpec.Database::service)
                .collect(Collectors.joining(", "));
        StringBuilder text = new StringBuilder("backed up " + services + " to " + backup.path() + " ("
                + humanSize(backup.sizeBytes()) + ")");
        if (!result.pruned().isEmpty()) {
            text.append("; removed ").append(result.pruned().size()).append(" older backup(s)");
        }
        if (result.pruneProblem() != null) {
            text.append("; older backups were not removed: ").append(result.pruneProblem());
        }
        return text.toString();
    }

    /** 1536 -> "1.5 KiB". */
    public static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Counts what passes, to tell an empty dump from a small one. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
