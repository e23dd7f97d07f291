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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.engine.backup.BackupFailure;
import tokyo.seisei.operator.engine.backup.BackupResult;
import tokyo.seisei.operator.engine.backup.DatabaseBackup;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.BackupManifest;
import tokyo.seisei.operator.store.BackupRecord;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.StateLayout;

/** Backups of a real PostgreSQL on the lab's engine: dumped by docker exec, gzipped as they stream, checked back. */
class BackupIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DUMP = "[pg_dumpall, -U, postgres]";

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final OperatorUnderTest operator = lab.operator();
    final StateLayout layout = new StateLayout(operator.stateDir);
    final BackupStore store = new BackupStore(layout, Clock.systemDefaultZone());
    final DatabaseBackup backups = new DatabaseBackup(store, DatabaseBackup.DEFAULT_DUMP_DEADLINE);
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

        BackupResult result = backups.backUpNow(desired(database(stack, "sha-1a2b3c4", DUMP)), operator.docker);

        BackupRecord backup = result.backup();
        assertTrue(backup.id().matches("\\d{8}_\\d{6}"), backup.id());
        assertEquals(layout.backups(stack).resolve(backup.id()), backup.path());
        assertEquals(List.of(backup.id()), backupFolderEntries(), "no temporary folder is left");
        assertEquals(List.of(backup), store.list(stack));

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

        BackupManifest manifest = store.manifest(backup.path());
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
        assertTrue(store.manifest(second.path()).notes().get(0).startsWith("no stack.yaml: " + layout.applied(stack)
                + " does not exist"), store.manifest(second.path()).notes().toString());
        assertEquals(List.of(second, backup), store.list(stack));
    }

    @Test
    void aFailingDumpOrAMissingCommandFailsClearlyAndLeavesNoFolder() throws IOException {
        deployWithRows("sha-1a2b3c4");

        BackupFailure failing = assertThrows(BackupFailure.class,
                () -> backups.backUpNow(desired(database(stack, "sha-1a2b3c4", "[pg_dumpall, -U, nosuchuser]")),
                        operator.docker));
        String message = failing.getMessage();
        assertTrue(message.startsWith("backup of stack " + stack + " failed: dump of service db (pg_dumpall -U nosuchuser"
                + " in container " + container + ") exited with code 1: "), message);
        assertTrue(message.contains("role \"nosuchuser\" does not exist"), message);
        assertEquals(List.of(), backupFolderEntries());

        BackupFailure missing = assertThrows(BackupFailure.class,
                () -> backups.backUpNow(desired(database(stack, "sha-1a2b3c4", "[no-such-dump]")), operator.docker));
        assertTrue(missing.getMessage().startsWith("backup of stack " + stack + " failed: dump of service db (no-such-dump"
                + " in container " + container + "): command not found in the container (exit code 12"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("no-such-dump\": executable file not found"), missing.getMessage());
        assertEquals(List.of(), backupFolderEntries());

        BackupFailure empty = assertThrows(BackupFailure.class,
                () -> backups.backUpNow(desired(database(stack, "sha-1a2b3c4", "[\"true\"]")), operator.docker));
        assertTrue(empty.getMessage().endsWith("(true in container " + container
                + ") wrote nothing to stdout: an empty dump is no backup"), empty.getMessage());
        assertEquals(List.of(), backupFolderEntries());

        Lab.docker("stop", "-t", "5", container);
        BackupFailure stopped = assertThrows(BackupFailure.class,
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

        BackupRecord backup = store.list(stack).get(0);
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

    /**
     * A complete backup as an earlier run left it, started the given number of days ago: its folder named after its
     * start, a dump, and the manifest that makes it a backup.
     */
    private Path earlierBackup(int daysAgo) throws IOException {
        ZonedDateTime started = ZonedDateTime.now().minusDays(daysAgo).withNano(0);
        Path folder = Files.createDirectories(layout.backups(stack).resolve(
                DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").format(started)));
        Path dump = folder.resolve("database.sql.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dump))) {
            out.write("-- PostgreSQL database cluster dump\n".getBytes(StandardCharsets.UTF_8));
        }
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, stack, "sha-0a1b2c3",
                started.toOffsetDateTime().toString(),
                List.of(new BackupManifest.Database("db", container, List.of("pg_dumpall", "-U", "postgres"),
                        List.of("psql", "-U", "postgres"), "database.sql.gz", 36)),
                List.of(new BackupManifest.FileEntry("database.sql.gz", Files.size(dump), BackupStore.sha256(dump))), List.of());
        JSON.writeValue(folder.resolve("manifest.json").toFile(), manifest);
        return folder;
    }

    @Test
    void aBackupRemovesTheBackupsOlderThanTheRetentionAndKeepsTheNewOne() throws Exception {
        deployWithRows("sha-1a2b3c4");
        Path expired = earlierBackup(40);
        Path recent = earlierBackup(10);
        assertEquals(List.of(recent.getFileName().toString(), expired.getFileName().toString()),
                store.list(stack).stream().map(BackupRecord::id).toList(), "both are backups");

        // a deploy that replaces the database backs it up first, then applies spec.backup.retention (30d)
        operator.write(stack, database(stack, "sha-2b3c4d5", DUMP));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        List<BackupRecord> afterDeploy = store.list(stack);
        assertEquals(2, afterDeploy.size(), afterDeploy.toString());
        BackupRecord byDeploy = afterDeploy.get(0);
        assertEquals("sha-1a2b3c4", byDeploy.version());
        assertEquals(recent.getFileName().toString(), afterDeploy.get(1).id());
        assertEquals(List.of(recent.getFileName().toString(), byDeploy.id()), backupFolderEntries(),
                "the expired backup is gone, with nothing of it left");
        assertTrue(operator.events(stack).stream().anyMatch(e -> e.contains("\"from\":\"Backup\",\"to\":\"BackupDone\"")
                && e.contains("; removed 1 older backup(s)")), operator.events(stack).toString());

        // stackctl backup applies it too
        Path expiredToo = earlierBackup(31);
        Lab.Result backedUp = lab.stackctl().run("backup", stack);
        assertEquals(0, backedUp.exitCode(), backedUp.errors());
        assertTrue(backedUp.output().contains("removed " + expiredToo + " (older than the retention)"), backedUp.output());
        List<BackupRecord> afterCommand = store.list(stack);
        assertEquals(3, afterCommand.size(), afterCommand.toString());
        assertEquals(Path.of(backedUp.output().lines().findFirst().orElseThrow()), afterCommand.get(0).path(), "the new one is kept");
        assertEquals(List.of(byDeploy, afterDeploy.get(1)), afterCommand.subList(1, 3));
        assertEquals(List.of(recent.getFileName().toString(), byDeploy.id(), afterCommand.get(0).id()).stream().sorted().toList(),
                backupFolderEntries());
    }

}
