package tokyo.seisei.operator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupStoreTest {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** 2025-03-01 02:00:00 in Tokyo. */
    static final Instant T0 = Instant.parse("2025-02-28T17:00:00Z");

    @TempDir
    Path root;

    final MovableClock clock = new MovableClock(T0);

    BackupStore store() {
        return new BackupStore(new StateLayout(root), clock);
    }

    static List<BackupManifest.Database> db() {
        return List.of(new BackupManifest.Database("db", "shop-db", List.of("pg_dumpall", "-U", "postgres"),
                List.of("psql", "-U", "postgres"), "database.sql.gz", 5));
    }

    BackupRecord backup(BackupStore store, String version) {
        try (BackupStore.Draft draft = store.begin("shop")) {
            try (OutputStream out = new GZIPOutputStream(draft.create("database.sql.gz"))) {
                out.write("hello".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            draft.write(BackupStore.CONTAINERS, "[]".getBytes(StandardCharsets.UTF_8));
            return draft.complete(version, db(), List.of());
        }
    }

    static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aCompleteBackupIsRenamedToItsStampWithPrivatePermissionsAndSums() throws IOException {
        BackupStore store = store();
        Path applied = Files.writeString(root.resolve("applied.yaml"), "kind: Stack\n");
        BackupRecord record;
        try (BackupStore.Draft draft = store.begin("shop")) {
            assertTrue(draft.folder().getFileName().toString().startsWith(".tmp-20250301_020000-"),
                    draft.folder().toString());
            try (OutputStream out = new GZIPOutputStream(draft.create("database.sql.gz"))) {
                out.write("CREATE TABLE t;\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
            }
            draft.copy(applied, BackupStore.DESIRED_STATE);
            draft.write(BackupStore.CONTAINERS, "[{\"Name\":\"/shop-db\"}]".getBytes(StandardCharsets.UTF_8));
            record = draft.complete("sha-19b9b98", db(), List.of("a note"));
        }

        Path folder = root.resolve("backups/shop/20250301_020000");
        assertEquals(folder, record.path());
        assertEquals("20250301_020000", record.id());
        assertEquals(T0, record.time());
        assertEquals("sha-19b9b98", record.version());
        try (Stream<Path> left = Files.list(root.resolve("backups/shop"))) {
            assertEquals(List.of(folder), left.toList(), "nothing but the backup: the temporary folder is renamed");
        }
        assertEquals("rwx------", permissions(root.resolve("backups")));
        assertEquals("rwx------", permissions(root.resolve("backups/shop")));
        assertEquals("rwx------", permissions(folder));
        for (String file : List.of("database.sql.gz", "stack.yaml", "containers.json", "manifest.json")) {
            assertEquals("rw-------", permissions(folder.resolve(file)), file);
        }

        BackupManifest manifest = store.manifest(folder);
        assertEquals(1, manifest.format());
        assertEquals("shop", manifest.stack());
        assertEquals("sha-19b9b98", manifest.version());
        assertEquals("2025-03-01T02:00:00+09:00", manifest.time());
        assertEquals(db(), manifest.databases());
        assertEquals(List.of("a note"), manifest.notes());
        assertEquals(List.of("database.sql.gz", "stack.yaml", "containers.json"),
                manifest.files().stream().map(BackupManifest.FileEntry::name).toList());
        long total = 0;
        for (BackupManifest.FileEntry entry : manifest.files()) {
            Path file = folder.resolve(entry.name());
            assertEquals(Files.size(file), entry.size(), entry.name());
            assertEquals(BackupStore.sha256(file), entry.sha256(), entry.name());
            assertEquals(64, entry.sha256().length());
            total += entry.size();
        }
        assertEquals("kind: Stack\n", Files.readString(folder.resolve("stack.yaml")));
        assertEquals(total, record.sizeBytes());
        assertEquals(List.of(record), store.list("shop"));
        assertEquals(record, store.find("shop", "20250301_020000").orElseThrow());
    }

    @Test
    void aDraftClosedWithoutCompletingLeavesNothingBehind() {
        BackupStore store = store();
        Path folder;
        try (BackupStore.Draft draft = store.begin("shop")) {
            folder = draft.folder();
            draft.write("database.sql.gz", new byte[] {1, 2, 3});
        }
        assertFalse(Files.exists(folder));
        assertEquals(List.of(), store.list("shop"));
    }

    @Test
    void onlyFoldersWithAManifestAreListed() throws IOException {
        BackupStore store = store();
        BackupRecord complete = backup(store, "v1");
        Path noManifest = Files.createDirectories(root.resolve("backups/shop/20250301_010000"));
        Files.writeString(noManifest.resolve("database.sql.gz"), "half");
        Path temporary = Files.createDirectories(root.resolve("backups/shop/.tmp-20250301_013000-123"));
        Files.copy(complete.path().resolve(BackupStore.MANIFEST), temporary.resolve(BackupStore.MANIFEST));
        Path notABackup = Files.createDirectories(root.resolve("backups/shop/old-runbook-copy"));
        Files.copy(complete.path().resolve(BackupStore.MANIFEST), notABackup.resolve(BackupStore.MANIFEST));
        Path unreadable = Files.createDirectories(root.resolve("backups/shop/20250301_003000"));
        Files.writeString(unreadable.resolve(BackupStore.MANIFEST), "{ not json");

        assertEquals(List.of(complete), store.list("shop"));
        assertEquals(List.of(), store.list("other"));
    }

    @Test
    void twoBackupsInTheSameSecondGetASuffixAndTheNewestIsListedFirst() {
        BackupStore store = store();
        BackupRecord first = backup(store, "v1");
        BackupRecord second = backup(store, "v1");
        BackupRecord third = backup(store, "v1");
        clock.advance(Duration.ofSeconds(1));
        BackupRecord fourth = backup(store, "v2");

        assertEquals("20250301_020000", first.id());
        assertEquals("20250301_020000-2", second.id());
        assertEquals("20250301_020000-3", third.id());
        assertEquals("20250301_020001", fourth.id());
        assertEquals(List.of(fourth, third, second, first), store.list("shop"));
    }

    @Test
    void pruneRemovesWhatIsOlderThanTheRetentionButNeverTheOneKept() throws IOException {
        BackupStore store = store();
        BackupRecord old = backup(store, "v1");
        clock.advance(Duration.ofDays(10));
        BackupRecord middle = backup(store, "v2");
        clock.advance(Duration.ofDays(25));
        BackupRecord recent = backup(store, "v3");
        Path foreign = Files.createDirectories(root.resolve("backups/shop/20240101_000000"));

        List<BackupRecord> removed = store.prune("shop", Duration.ofDays(30), Set.of(recent.id()));

        assertEquals(List.of(old), removed);
        assertEquals(List.of(recent, middle), store.list("shop"));
        assertFalse(Files.exists(old.path()));
        assertTrue(Files.exists(foreign), "a folder that is not a backup of ours is left alone");

        clock.advance(Duration.ofDays(100));
        assertEquals(List.of(middle), store.prune("shop", Duration.ofDays(30), Set.of(recent.id())));
        assertEquals(List.of(recent), store.list("shop"), "the one kept stays, however old");
        try (Stream<Path> left = Files.list(root.resolve("backups/shop"))) {
            assertEquals(List.of(foreign.getFileName().toString(), recent.id()),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void pruneRemovesTheLeftoversOfACrashButNotADumpInProgress() throws IOException {
        BackupStore store = store();
        Path crashed = Files.createDirectories(root.resolve("backups/shop/.tmp-20250228_010000-42"));
        Path dump = Files.writeString(crashed.resolve("database.sql.gz"), "partial");
        Instant longAgo = T0.minus(Duration.ofHours(2));
        Files.setLastModifiedTime(dump, FileTime.from(longAgo));
        Files.setLastModifiedTime(crashed, FileTime.from(longAgo));
        try (BackupStore.Draft inProgress = store.begin("shop")) {
            inProgress.write("database.sql.gz", new byte[] {1});

            store.prune("shop", Duration.ofDays(30), Set.of());

            assertFalse(Files.exists(crashed));
            assertTrue(Files.exists(inProgress.folder()));
        }
    }

    @Test
    void aFolderThatCannotBeMadeIsNamed() throws IOException {
        Files.writeString(root.resolve("backups"), "a file where the folder should be");

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> store().begin("shop"));

        assertTrue(e.getMessage().startsWith("cannot create a backup folder in " + root.resolve("backups/shop") + ": "),
                e.getMessage());
    }

    @Test
    void fileNamesArePlainAndUnique() {
        try (BackupStore.Draft draft = store().begin("shop")) {
            draft.write("database.sql.gz", new byte[0]);
            for (String name : List.of("../x.gz", "a/b.gz", ".hidden", "manifest.json", "database.sql.gz", "..")) {
                assertThrows(IllegalArgumentException.class, () -> draft.write(name, new byte[0]), name);
            }
        }
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return TOKYO;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
