package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.Fixtures;
import tokyo.seisei.operator.engine.backup.ScratchDatabase;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.store.BackupRecord;
import tokyo.seisei.operator.store.BackupStore;
import tokyo.seisei.operator.store.BackupVerification;
import tokyo.seisei.operator.store.InstanceId;
import tokyo.seisei.operator.store.StackLocks;
import tokyo.seisei.operator.store.StateLayout;

class MaintenanceTest {

    static final String BACKUP = """
              backup:
                databases:
                  - service: db
                    dump: [pg_dump, -U, postgres]
                    restore: [psql, -U, postgres, -v, ON_ERROR_STOP=1]
                retention: 1d
                verify: never
            """;

    @TempDir
    Path root;

    @Test
    void aDryRunListsTheBackupsPastTheirRetentionAndTheRunRemovesThem() {
        TestOperator operator = new TestOperator(root).write("shop.yaml", Fixtures.SHOP + BACKUP);
        BackupStore store = operator.operator.backups();
        String old = backUp(store);
        operator.clock.advance(Duration.ofDays(2));
        String kept = backUp(store);

        assertEquals(List.of("would remove shop " + old + " (past its retention of 1d)"),
                operator.operator.maintenance().run(true));
        assertEquals(2, store.list("shop").size(), "a dry run changes nothing");

        assertEquals(List.of("removed shop " + old + " (past its retention of 1d)"), operator.operator.maintenance().run(false));
        assertEquals(List.of(kept), store.list("shop").stream().map(BackupRecord::id).toList());
        assertEquals(List.of(), operator.operator.maintenance().run(false), "verify: never verifies nothing");
    }

    @Test
    void anArchiveDirGetsTheBackupPackedBeforeItIsRemoved() throws Exception {
        TestOperator operator = new TestOperator(root);
        Path archive = root.resolve("archive");
        BackupStore store = new BackupStore(operator.operator.backups().layout(), operator.clock, archive);
        String old = backUp(store);
        operator.clock.advance(Duration.ofDays(2));

        List<BackupRecord> removed = store.prune("shop", Duration.ofDays(1), Set.of());

        assertEquals(List.of(old), removed.stream().map(BackupRecord::id).toList());
        Path packed = archive.resolve("shop").resolve(old + ".tar.gz");
        assertTrue(Files.size(packed) > 0);
        assertEquals(List.of(packed), store.archiveOf(removed.get(0)).stream().toList());
        assertEquals(List.of(), store.list("shop"));
    }

    @Test
    void theScheduledRunRemovesWhatExpiredCleansImagesWhenDueByTheNextRunAndIsRecorded() {
        TestOperator operator = new TestOperator(root).write("shop.yaml", Fixtures.SHOP + BACKUP);
        BackupStore store = operator.operator.backups();
        Maintenance maintenance = operator.operator.maintenance(); // image cleanup weekly
        String old = backUp(store);
        operator.clock.advance(Duration.ofDays(2));
        assertEquals(java.util.Optional.empty(), maintenance.lastRun());
        Instant started = operator.clock.instant();

        assertEquals(List.of("removed shop " + old + " (past its retention of 1d)"),
                maintenance.scheduledRun(started.plus(Duration.ofDays(1)), () -> false));
        assertEquals(java.util.Optional.of(started), maintenance.lastRun());
        assertTrue(Files.exists(store.layout().imageCleanup()), "never cleaned before: cleaned now");

        operator.clock.advance(Duration.ofDays(6));
        maintenance.scheduledRun(operator.clock.instant().plus(Duration.ofHours(23)), () -> false);
        assertEquals(started.toString(), read(store.layout().imageCleanup()), "a week not over by the next run");
        maintenance.scheduledRun(operator.clock.instant().plus(Duration.ofDays(1)), () -> false);
        assertEquals(operator.clock.instant().toString(), read(store.layout().imageCleanup()),
                "due before the next run: cleaned now rather than a day late");
    }

    @Test
    void aRunCutShortIsNotRecorded() {
        TestOperator operator = new TestOperator(root).write("shop.yaml", Fixtures.SHOP + BACKUP);
        operator.operator.maintenance().scheduledRun(operator.clock.instant(), () -> true);
        assertEquals(java.util.Optional.empty(), operator.operator.maintenance().lastRun());
    }

    @Test
    void theLastPassedVerificationOfEachStackIsReadBack() {
        TestOperator operator = new TestOperator(root).write("shop.yaml", Fixtures.SHOP + BACKUP);
        BackupStore store = operator.operator.backups();
        String first = backUp(store);
        String second = backUp(store);
        store.writeVerification(store.find("shop", first).orElseThrow(),
                new BackupVerification(first, "2026-11-20T03:30:00Z", true, 10, null, null));
        store.writeVerification(store.find("shop", second).orElseThrow(),
                new BackupVerification(second, "2026-11-25T03:30:00Z", false, 10, null, "exited with code 3"));

        Map<String, BackupVerification> passed = operator.operator.backupVerifier().lastPassed();

        assertEquals(Map.of("shop", "2026-11-20T03:30:00Z"), Map.of("shop", passed.get("shop").at()),
                "the newest that passed, not the newest");
        assertEquals(first, passed.get("shop").backupId());
    }

    @Test
    void aVerificationIsDueWhenItsPeriodIsOverByTheNextRun() {
        TestOperator operator = new TestOperator(root).write("shop.yaml", Fixtures.SHOP + BACKUP.replace("verify: never", "verify: weekly"));
        BackupStore store = operator.operator.backups();
        String id = backUp(store);
        BackupVerifier verifier = operator.operator.backupVerifier();
        assertEquals(List.of("shop"), verifier.due(), "never verified");
        Instant verified = operator.clock.instant();
        store.writeVerification(store.find("shop", id).orElseThrow(),
                new BackupVerification(id, verified.toString(), true, 10, null, null));

        assertEquals(List.of(), verifier.due(verified.plus(Duration.ofDays(7)).minusSeconds(1)));
        assertEquals(List.of("shop"), verifier.due(verified.plus(Duration.ofDays(7))),
                "a daily run the day before verifies it: the next would be a day late");
    }

    @Test
    void aThrowawayDatabaseAStoppedVerificationLeftIsRemovedUnlessAVerificationOfItsStackRunsNow() throws Exception {
        TestOperator operator = new TestOperator(root).write("shop.yaml", Fixtures.SHOP + BACKUP);
        String mine = InstanceId.of(new StateLayout(operator.stateDir));
        operator.docker.network("net").pull(FakeDockerEngineTest.IMAGE);
        operator.docker.startContainer(operator.docker.createContainer(FakeDockerEngineTest.spec("verify.shop.1.db",
                Map.of(ScratchDatabase.LABEL, "shop", ContainerLabels.INSTANCE, mine), null)));
        operator.docker.createContainer(FakeDockerEngineTest.spec("verify.shop.2.db",
                Map.of(ScratchDatabase.LABEL, "shop", ContainerLabels.INSTANCE, "another-operator"), null));
        operator.docker.createContainer(FakeDockerEngineTest.spec("verify.cart.1.db",
                Map.of(ScratchDatabase.LABEL, "cart", ContainerLabels.INSTANCE, mine), null));

        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread verifying = new Thread(() -> {
            try (StackLocks.Held lock = new StackLocks(new StateLayout(operator.stateDir)).lock("cart")) {
                held.countDown();
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        verifying.start();
        held.await();
        try {
            assertEquals(List.of("removed 1 throwaway database container of shop left by a verification that was stopped"),
                    operator.operator.maintenance().run(false));
        } finally {
            done.countDown();
            verifying.join();
        }

        assertTrue(operator.docker.container("verify.shop.1.db").isEmpty(), "this operator's leftover is removed");
        assertTrue(operator.docker.container("verify.shop.2.db").isPresent(), "another operator's is not touched");
        assertTrue(operator.docker.container("verify.cart.1.db").isPresent(), "a verification running now keeps its own");
        assertEquals(List.of("removed 1 throwaway database container of cart left by a verification that was stopped"),
                operator.operator.backupVerifier().removeLeftovers());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String backUp(BackupStore store) {
        try (BackupStore.Draft draft = store.begin("shop")) {
            draft.write("database.sql.gz", "select 1;".getBytes(StandardCharsets.UTF_8));
            return draft.complete("sha-19b9b98", List.of(), List.of()).id();
        }
    }
}
