package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.engine.BackupDatabases;
import tokyo.seisei.operator.engine.ContainerLabels;
import tokyo.seisei.operator.engine.Deployment;
import tokyo.seisei.operator.engine.DesiredStack;
import tokyo.seisei.operator.engine.Pipeline;
import tokyo.seisei.operator.engine.Planner;
import tokyo.seisei.operator.engine.StackPlan;
import tokyo.seisei.operator.engine.StackRenderer;
import tokyo.seisei.operator.engine.StepOutcome;
import tokyo.seisei.operator.engine.Steps;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.BackupManifest;
import tokyo.seisei.operator.store.BackupRecord;
import tokyo.seisei.operator.store.StateLayout;

/** Backups of a real PostgreSQL on the lab's engine: dumped by docker exec, gzipped as they stream, checked back. */
class BackupIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DUMP = "[pg_dumpall, -U, postgres]";

    @TempDir
    Path root;

    OperatorUnderTest operator;
    BackupDatabases backups;
    StateLayout layout;
    final String stack = Lab.uniqueStack("bk");
    String container;

    @BeforeEach
    void start() throws IOException {
        operator = new OperatorUnderTest(root);
        layout = new StateLayout(operator.stateDir);
        backups = BackupDatabases.create(layout, Clock.systemDefaultZone());
        container = stack + "-db";
    }

    @AfterEach
    void cleanUp() {
        operator.close();
        Lab.cleanUp(stack);
    }

    /** One PostgreSQL service; the version is in its environment, so a new version recreates it. */
    static String dbStack(String name, String version, String dump) {
        return """
                apiVersion: operator.seisei.tokyo/v1
                kind: Stack
                metadata:
                  name: %s
                spec:
                  environment: staging
                  version: %s
                  services:
                    db:
                      image: %s
                      environment:
                        RELEASE: ${VERSION}
                        API_TOKEN: tok-never-printed
                      volumes: ["pgdata:/var/lib/postgresql/data"]
                      healthcheck:
                        test: [CMD, pg_isready, -U, postgres]
                        interval: 1s
                        timeout: 3s
                        retries: 30
                  volumes:
                    pgdata: {}
                  backup:
                    databases:
                      - service: db
                        dump: %s
                        restore: [psql, -U, postgres]
                    retention: 30d
                """.formatted(name, version, Lab.POSTGRES, dump);
    }

    private void deployWithRows(String version) {
        operator.write(stack, dbStack(stack, version, DUMP));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> Lab.docker("exec", container, "pg_isready", "-U", "postgres"));
        psql("CREATE TABLE items (id int PRIMARY KEY, name text)");
        psql("INSERT INTO items VALUES (1, 'canary-alpha'), (2, 'canary-beta')");
    }

    private String psql(String sql) {
        return Lab.docker("exec", container, "psql", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql);
    }

    private DesiredStack desired(String yaml) {
        operator.write(stack, yaml);
        LoadedStack loaded = new DesiredStateLoader(Map.of()).load(operator.desiredStateDir.resolve(stack + ".yaml"));
        assertTrue(loaded.valid(), () -> loaded.problems().toString());
        return new StackRenderer().render(loaded);
    }

    private StackPlan plan(DesiredStack desired) {
        return new Planner().plan(desired, operator.docker.listManagedContainers().stream()
                .filter(c -> stack.equals(c.label(ContainerLabels.STACK))).toList());
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private List<String> backupFolderEntries() throws IOException {
        Path folder = layout.backups(stack);
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void backsUpTheRunningDatabaseOfMoreThanTenMegabytesIntact() throws Exception {
        deployWithRows("sha-1a2b3c4");
        psql("CREATE TABLE filler AS SELECT g AS id, repeat(md5(g::text), 3) AS pad FROM generate_series(1, 150000) g");

        BackupDatabases.Result result = backups.backUpNow(desired(dbStack(stack, "sha-1a2b3c4", DUMP)), operator.docker);

        BackupRecord backup = result.backup();
        assertTrue(backup.id().matches("\\d{8}_\\d{6}"), backup.id());
        assertEquals(layout.backups(stack).resolve(backup.id()), backup.path());
        assertEquals(List.of(backup.id()), backupFolderEntries(), "no temporary folder is left");
        assertEquals(List.of(backup), backups.store().list(stack));

        Path dump = backup.path().resolve("database.sql.gz");
        String sql = gunzip(dump);
        assertTrue(sql.contains("1\tcanary-alpha") && sql.contains("2\tcanary-beta"), "the inserted rows are in the dump");
        assertTrue(sql.contains("CREATE TABLE public.items"), "the schema too");
        assertTrue(sql.length() > 10 * 1024 * 1024, "more than 10 MB streamed: " + sql.length());
        assertTrue(sql.contains("-- PostgreSQL database cluster dump complete"), "the whole dump, to its last line");

        JsonNode containers = JSON.readTree(backup.path().resolve("containers.json").toFile());
        assertTrue(containers.isArray());
        assertEquals("/" + container, containers.get(0).path("Name").asText());
        assertEquals(operator.containerId(container).orElseThrow(), containers.get(0).path("Id").asText());

        BackupManifest manifest = backups.store().manifest(backup.path());
        assertEquals(stack, manifest.stack());
        assertEquals("sha-1a2b3c4", manifest.version(), "the version that runs");
        assertEquals(List.of(new BackupManifest.Database("db", container, List.of("pg_dumpall", "-U", "postgres"),
                List.of("psql", "-U", "postgres"), "database.sql.gz", sql.getBytes(StandardCharsets.UTF_8).length)),
                manifest.databases());
        assertEquals(List.of("database.sql.gz", "containers.json"),
                manifest.files().stream().map(BackupManifest.FileEntry::name).toList());
        for (BackupManifest.FileEntry file : manifest.files()) {
            assertEquals(sha256(backup.path().resolve(file.name())), file.sha256(), file.name());
            assertEquals(Files.size(backup.path().resolve(file.name())), file.size(), file.name());
        }
        assertTrue(manifest.notes().get(0).startsWith("no stack.yaml: " + layout.applied(stack) + " does not exist"),
                manifest.notes().toString());

        assertEquals("rwx------", permissions(backup.path()));
        assertEquals("rwx------", permissions(layout.backups(stack)));
        try (Stream<Path> files = Files.list(backup.path())) {
            for (Path file : files.toList()) {
                assertEquals("rw-------", permissions(file), file.toString());
            }
        }

        // with the desired state that runs recorded, the backup carries it
        Files.createDirectories(layout.applied(stack).getParent());
        Files.writeString(layout.applied(stack), dbStack(stack, "sha-1a2b3c4", DUMP));
        BackupRecord second = backups.backUpNow(desired(dbStack(stack, "sha-1a2b3c4", DUMP)), operator.docker).backup();
        assertTrue(second.id().matches("\\d{8}_\\d{6}(-\\d+)?"), second.id());
        assertEquals(dbStack(stack, "sha-1a2b3c4", DUMP), Files.readString(second.path().resolve("stack.yaml")));
        assertEquals(List.of(), backups.store().manifest(second.path()).notes());
        assertEquals(List.of(second, backup), backups.store().list(stack));
    }

    @Test
    void aFailingDumpOrAMissingCommandFailsClearlyAndLeavesNoFolder() throws IOException {
        deployWithRows("sha-1a2b3c4");

        BackupDatabases.BackupFailure failing = assertThrows(BackupDatabases.BackupFailure.class,
                () -> backups.backUpNow(desired(dbStack(stack, "sha-1a2b3c4", "[pg_dumpall, -U, nosuchuser]")),
                        operator.docker));
        String message = failing.getMessage();
        assertTrue(message.startsWith("backup of stack " + stack + " failed: dump of service db (pg_dumpall -U nosuchuser"
                + " in container " + container + ") exited with code 1: "), message);
        assertTrue(message.contains("role \"nosuchuser\" does not exist"), message);
        assertEquals(List.of(), backupFolderEntries());

        BackupDatabases.BackupFailure missing = assertThrows(BackupDatabases.BackupFailure.class,
                () -> backups.backUpNow(desired(dbStack(stack, "sha-1a2b3c4", "[no-such-dump]")), operator.docker));
        assertTrue(missing.getMessage().startsWith("backup of stack " + stack + " failed: dump of service db (no-such-dump"
                + " in container " + container + "): command not found in the container (exit code 12"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("no-such-dump\": executable file not found"), missing.getMessage());
        assertEquals(List.of(), backupFolderEntries());

        BackupDatabases.BackupFailure empty = assertThrows(BackupDatabases.BackupFailure.class,
                () -> backups.backUpNow(desired(dbStack(stack, "sha-1a2b3c4", "[\"true\"]")), operator.docker));
        assertTrue(empty.getMessage().endsWith("(true in container " + container
                + ") wrote nothing to stdout: an empty dump is no backup"), empty.getMessage());
        assertEquals(List.of(), backupFolderEntries());

        Lab.docker("stop", "-t", "5", container);
        BackupDatabases.BackupFailure stopped = assertThrows(BackupDatabases.BackupFailure.class,
                () -> backups.backUpNow(desired(dbStack(stack, "sha-1a2b3c4", DUMP)), operator.docker));
        assertEquals("backup of stack " + stack + " failed: service db: container " + container
                + " is exited, not running: cannot dump its database", stopped.getMessage());
        assertEquals(List.of(), backupFolderEntries());
    }

    @Test
    void theStepBacksUpBeforeAReplacementAndAFailedBackupReplacesNothing() throws Exception {
        DesiredStack first = desired(dbStack(stack, "sha-1a2b3c4", DUMP));
        assertEquals(StepOutcome.done("nothing runs yet: no backup"),
                backups.run(new Deployment(plan(first), operator.docker)));
        deployWithRows("sha-1a2b3c4");
        String before = operator.containerId(container).orElseThrow();
        assertEquals(StepOutcome.done("nothing that runs is replaced: no backup"),
                backups.run(new Deployment(plan(first), operator.docker)), "a pass that changes nothing");

        // a new version whose backup fails: the step stops the pipeline before anything is replaced
        DesiredStack broken = desired(dbStack(stack, "sha-2b3c4d5", "[pg_dumpall, -U, nosuchuser]"));
        StackPlan brokenPlan = plan(broken);
        assertEquals(StackPlan.Kind.RECREATE, brokenPlan.actions().get(0).kind());
        List<String> steps = new ArrayList<>();
        StepOutcome failed = pipeline().run(new Deployment(brokenPlan, operator.docker), listener(steps));
        assertEquals(StepOutcome.Result.FAILED, failed.result());
        assertEquals(Reason.BACKUP_FAILED, failed.reason());
        assertTrue(failed.message().contains("role \"nosuchuser\" does not exist"), failed.message());
        assertEquals(List.of("Backup FAILED"), steps);
        assertEquals(before, operator.containerId(container).orElseThrow(), "nothing replaced without a backup");
        assertEquals(List.of(), backupFolderEntries());

        // the same version with a working dump: backed up first, then replaced
        DesiredStack next = desired(dbStack(stack, "sha-2b3c4d5", DUMP));
        steps.clear();
        StepOutcome done = pipeline().run(new Deployment(plan(next), operator.docker), listener(steps));
        assertEquals(StepOutcome.Result.DONE, done.result(), done.message());
        assertEquals(List.of("Backup DONE", "Prepare DONE", "Pull DONE", "Recreate DONE"), steps);
        assertNotEquals(before, operator.containerId(container).orElseThrow(), "replaced after the backup");
        assertEquals("sha-2b3c4d5", operator.labels(container).get(ContainerLabels.VERSION));

        BackupRecord backup = backups.store().list(stack).get(0);
        assertEquals("sha-1a2b3c4", backup.version(), "taken before the version that replaced it");
        assertTrue(gunzip(backup.path().resolve("database.sql.gz")).contains("1\tcanary-alpha"));
    }

    @Test
    void stackctlBackupPrintsTheFolderAndItsFilesAndExitsByOutcome() {
        deployWithRows("sha-1a2b3c4");
        Stackctl stackctl = new Stackctl(operator.desiredStateDir, operator.stateDir);

        Lab.Result ok = stackctl.run("backup", stack);

        assertEquals(0, ok.exitCode(), ok.errors());
        List<String> lines = ok.output().lines().toList();
        assertTrue(lines.get(0).matches(java.util.regex.Pattern.quote(layout.backups(stack).toString()) + "/\\d{8}_\\d{6}"),
                ok.output());
        assertTrue(lines.get(1).matches("  database\\.sql\\.gz\\s+\\d+  \\d+(\\.\\d)? (B|KiB|MiB)"), ok.output());
        assertTrue(lines.get(2).matches("  containers\\.json\\s+\\d+  .*"), ok.output());
        assertTrue(lines.get(3).matches("  total\\s+\\d+  .*"), ok.output());
        assertTrue(Files.isRegularFile(Path.of(lines.get(0)).resolve("manifest.json")));
        assertTrue(!ok.output().contains("tok-never-printed") && !ok.errors().contains("tok-never-printed"));

        Lab.Result unknown = stackctl.run("backup", "no-such-stack");
        assertEquals(2, unknown.exitCode(), unknown.output());
        assertTrue(unknown.errors().contains("error: no stack named no-such-stack"), unknown.errors());

        operator.write(stack, dbStack(stack, "sha-1a2b3c4", "[pg_dumpall, -U, nosuchuser]"));
        Lab.Result failed = stackctl.run("backup", stack);
        assertEquals(1, failed.exitCode(), failed.output());
        assertTrue(failed.errors().contains("error: backup of stack " + stack + " failed: dump of service db"
                + " (pg_dumpall -U nosuchuser in container " + container + ") exited with code 1"), failed.errors());
    }

    private Pipeline pipeline() {
        List<tokyo.seisei.operator.engine.Step> steps = new ArrayList<>();
        steps.add(backups);
        steps.addAll(Steps.converge(Duration.ofSeconds(90)));
        return new Pipeline(steps, Clock.systemDefaultZone());
    }

    private static Pipeline.Listener listener(List<String> steps) {
        return new Pipeline.Listener() {
            @Override
            public void stepStarted(String stack, String step) {
            }

            @Override
            public void stepEnded(String stack, String step, StepOutcome outcome, Duration took) {
                steps.add(step + " " + outcome.result());
            }
        };
    }
}
