package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.it.StackFixtures.database;

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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.engine.BackupDatabases;
import tokyo.seisei.operator.engine.ContainerLabels;
import tokyo.seisei.operator.engine.DesiredStack;
import tokyo.seisei.operator.engine.StackRenderer;
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

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final OperatorUnderTest operator = lab.operator();
    final StateLayout layout = new StateLayout(operator.stateDir);
    final BackupDatabases backups = BackupDatabases.create(layout, Clock.systemDefaultZone());
    final String stack = lab.stack("bk");
    final String container = stack + "-db";

    private void deployWithRows(String version) {
        operator.write(stack, database(stack, version, DUMP));
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

        BackupDatabases.Result result = backups.backUpNow(desired(database(stack, "sha-1a2b3c4", DUMP)), operator.docker);

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
        String inspect = Files.readString(backup.path().resolve("containers.json"));
        assertTrue(inspect.contains("\"API_TOKEN=****\"") && !inspect.contains("tok-never-printed"),
                "secrets are masked in the saved inspect");
        assertTrue(containers.isArray());
        assertEquals("/" + container, containers.get(0).path("Name").asText());
        assertEquals(operator.containerId(container).orElseThrow(), containers.get(0).path("Id").asText());

        BackupManifest manifest = backups.store().manifest(backup.path());
        assertEquals(stack, manifest.stack());
        assertEquals("sha-1a2b3c4", manifest.version(), "the version that runs");
        assertEquals(List.of(new BackupManifest.Database("db", container, List.of("pg_dumpall", "-U", "postgres"),
                List.of("psql", "-U", "postgres"), "database.sql.gz", sql.getBytes(StandardCharsets.UTF_8).length)),
                manifest.databases());
        assertEquals(List.of("database.sql.gz", "stack.yaml", "containers.json"),
                manifest.files().stream().map(BackupManifest.FileEntry::name).toList());
        assertEquals(database(stack, "sha-1a2b3c4", DUMP), Files.readString(backup.path().resolve("stack.yaml")),
                "the desired state that runs");
        for (BackupManifest.FileEntry file : manifest.files()) {
            assertEquals(sha256(backup.path().resolve(file.name())), file.sha256(), file.name());
            assertEquals(Files.size(backup.path().resolve(file.name())), file.size(), file.name());
        }
        assertEquals(List.of(), manifest.notes());

        assertEquals("rwx------", permissions(backup.path()));
        assertEquals("rwx------", permissions(layout.backups(stack)));
        try (Stream<Path> files = Files.list(backup.path())) {
            for (Path file : files.toList()) {
                assertEquals("rw-------", permissions(file), file.toString());
            }
        }

        // without a record of the desired state that runs, the backup says so
        Files.delete(layout.applied(stack));
        BackupRecord second = backups.backUpNow(desired(database(stack, "sha-1a2b3c4", DUMP)), operator.docker).backup();
        assertTrue(second.id().matches("\\d{8}_\\d{6}(-\\d+)?"), second.id());
        assertTrue(backups.store().manifest(second.path()).notes().get(0).startsWith("no stack.yaml: " + layout.applied(stack)
                + " does not exist"), backups.store().manifest(second.path()).notes().toString());
        assertEquals(List.of(second, backup), backups.store().list(stack));
    }

    @Test
    void aFailingDumpOrAMissingCommandFailsClearlyAndLeavesNoFolder() throws IOException {
        deployWithRows("sha-1a2b3c4");

        BackupDatabases.BackupFailure failing = assertThrows(BackupDatabases.BackupFailure.class,
                () -> backups.backUpNow(desired(database(stack, "sha-1a2b3c4", "[pg_dumpall, -U, nosuchuser]")),
                        operator.docker));
        String message = failing.getMessage();
        assertTrue(message.startsWith("backup of stack " + stack + " failed: dump of service db (pg_dumpall -U nosuchuser"
                + " in container " + container + ") exited with code 1: "), message);
        assertTrue(message.contains("role \"nosuchuser\" does not exist"), message);
        assertEquals(List.of(), backupFolderEntries());

        BackupDatabases.BackupFailure missing = assertThrows(BackupDatabases.BackupFailure.class,
                () -> backups.backUpNow(desired(database(stack, "sha-1a2b3c4", "[no-such-dump]")), operator.docker));
        assertTrue(missing.getMessage().startsWith("backup of stack " + stack + " failed: dump of service db (no-such-dump"
                + " in container " + container + "): command not found in the container (exit code 12"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("no-such-dump\": executable file not found"), missing.getMessage());
        assertEquals(List.of(), backupFolderEntries());

        BackupDatabases.BackupFailure empty = assertThrows(BackupDatabases.BackupFailure.class,
                () -> backups.backUpNow(desired(database(stack, "sha-1a2b3c4", "[\"true\"]")), operator.docker));
        assertTrue(empty.getMessage().endsWith("(true in container " + container
                + ") wrote nothing to stdout: an empty dump is no backup"), empty.getMessage());
        assertEquals(List.of(), backupFolderEntries());

        Lab.docker("stop", "-t", "5", container);
        BackupDatabases.BackupFailure stopped = assertThrows(BackupDatabases.BackupFailure.class,
                () -> backups.backUpNow(desired(database(stack, "sha-1a2b3c4", DUMP)), operator.docker));
        assertEquals("backup of stack " + stack + " failed: service db: container " + container
                + " is exited, not running: cannot dump its database", stopped.getMessage());
        assertEquals(List.of(), backupFolderEntries());
    }

    @Test
    void aDeployBacksUpBeforeItReplacesAndAFailedBackupReplacesNothing() throws Exception {
        deployWithRows("sha-1a2b3c4");
        assertEquals(List.of(), backupFolderEntries(), "nothing ran before the first deploy: nothing to back up");
        String before = operator.containerId(container).orElseThrow();
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        assertEquals(List.of(), backupFolderEntries(), "a pass that changes nothing takes no backup");

        // a new version whose dump fails: the deploy stops before anything is replaced
        operator.write(stack, database(stack, "sha-2b3c4d5", "[pg_dumpall, -U, nosuchuser]"));
        assertEquals(Phase.Degraded, operator.reconcileOne(stack));
        assertEquals(Reason.BACKUP_FAILED, operator.status(stack).conditions().get(0).reason());
        assertTrue(operator.status(stack).message().contains("role \"nosuchuser\" does not exist"), operator.status(stack).message());
        assertEquals(before, operator.containerId(container).orElseThrow(), "nothing replaced without a backup");
        assertEquals(List.of(), backupFolderEntries());

        // the same version with a working dump: backed up first, then replaced
        operator.write(stack, database(stack, "sha-2b3c4d5", DUMP));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        assertNotEquals(before, operator.containerId(container).orElseThrow(), "replaced after the backup");
        assertEquals("sha-2b3c4d5", operator.labels(container).get(ContainerLabels.VERSION));

        BackupRecord backup = backups.store().list(stack).get(0);
        assertEquals("sha-1a2b3c4", backup.version(), "taken before the version that replaced it");
        assertTrue(gunzip(backup.path().resolve("database.sql.gz")).contains("1\tcanary-alpha"));
        assertEquals(database(stack, "sha-1a2b3c4", DUMP), Files.readString(backup.path().resolve("stack.yaml")),
                "the desired state that ran before the deploy");
    }

    @Test
    void stackctlBackupPrintsTheFolderAndItsFilesAndExitsByOutcome() {
        deployWithRows("sha-1a2b3c4");
        Stackctl stackctl = lab.stackctl();

        Lab.Result ok = stackctl.run("backup", stack);

        assertEquals(0, ok.exitCode(), ok.errors());
        List<String> lines = ok.output().lines().toList();
        assertTrue(lines.get(0).matches(java.util.regex.Pattern.quote(layout.backups(stack).toString()) + "/\\d{8}_\\d{6}"),
                ok.output());
        assertTrue(lines.get(1).matches("  database\\.sql\\.gz\\s+\\d+  \\d+(\\.\\d)? (B|KiB|MiB)"), ok.output());
        assertTrue(lines.get(2).matches("  stack\\.yaml\\s+\\d+  .*"), ok.output());
        assertTrue(lines.get(3).matches("  containers\\.json\\s+\\d+  .*"), ok.output());
        assertTrue(lines.get(4).matches("  total\\s+\\d+  .*"), ok.output());
        assertTrue(Files.isRegularFile(Path.of(lines.get(0)).resolve("manifest.json")));
        assertTrue(!ok.output().contains("tok-never-printed") && !ok.errors().contains("tok-never-printed"));

        Lab.Result unknown = stackctl.run("backup", "no-such-stack");
        assertEquals(2, unknown.exitCode(), unknown.output());
        assertTrue(unknown.errors().contains("error: no stack named no-such-stack"), unknown.errors());

        operator.write(stack, database(stack, "sha-1a2b3c4", "[pg_dumpall, -U, nosuchuser]"));
        Lab.Result failed = stackctl.run("backup", stack);
        assertEquals(1, failed.exitCode(), failed.output());
        assertTrue(failed.errors().contains("error: backup of stack " + stack + " failed: dump of service db"
                + " (pg_dumpall -U nosuchuser in container " + container + ") exited with code 1"), failed.errors());
    }

}
