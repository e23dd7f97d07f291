package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code stackctl restore} gives back exactly the backup, on the lab's real PostgreSQL: rows added since are gone,
 * rows deleted are back, and a backup that does not match its manifest is refused with nothing changed.
 */
class ExactRestoreIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();

    final String stack = lab.stack("exact");
    final int port = Lab.freePort();
    final Path state = lab.stateDir();
    final Stackctl stackctl = lab.stackctl().with("OPERATOR_SMOKE_STABLE_FOR", "1s");

    @BeforeEach
    void deployAndBackUp() {
        lab.write(stack, StackFixtures.exactWebAndDatabase(stack, "15-a", port));
        assertEquals(0, stackctl.run("reconcile", stack).exitCode());
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> psql("select 1").equals("1"));
        psql("create table items (id int primary key, body text)");
        psql("insert into items select g, md5(g::text) from generate_series(1, 1000) g");
    }

    @Test
    void aRestoreGivesBackExactlyTheBackup() {
        String id = backUp();
        psql("insert into items select g, 'added after the backup' from generate_series(1001, 1500) g");
        psql("delete from items where id <= 100");
        assertEquals(0, stackctl.run("pause", stack, "--reason", "restore").exitCode());

        Lab.Result restored = stackctl.run("restore", stack, id);

        assertEquals(0, restored.exitCode(), restored.errors());
        assertEquals("1000", psql("select count(*) from items"), "the row count of the backup");
        assertEquals("0", psql("select count(*) from items where id > 1000"), "rows added after the backup are gone");
        assertEquals("100", psql("select count(*) from items where id <= 100"), "rows deleted after the backup are back");
        assertTrue(stackctl.run("backups", stack).output().lines().count() >= 3, "the pre-restore backup is kept");
    }

    @Test
    void aBackupThatDoesNotMatchItsManifestIsRefusedAndNothingChanges() throws IOException {
        String id = backUp();
        psql("delete from items where id <= 100");
        Path dump = state.resolve("backups").resolve(stack).resolve(id).resolve("database.sql.gz");
        byte[] bytes = Files.readAllBytes(dump);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(dump, bytes);
        assertEquals(0, stackctl.run("pause", stack, "--reason", "restore").exitCode());

        Lab.Result refused = stackctl.run("restore", stack, id);

        assertEquals(2, refused.exitCode());
        assertTrue(refused.errors().contains("does not match its manifest, nothing was changed: database.sql.gz has SHA-256 "),
                refused.errors());
        assertEquals("900", psql("select count(*) from items"), "the database is untouched");
    }

    private String backUp() {
        Lab.Result backup = stackctl.run("backup", stack);
        assertEquals(0, backup.exitCode(), backup.errors());
        return Path.of(backup.output().lines().findFirst().orElseThrow().strip()).getFileName().toString();
    }

    private String psql(String sql) {
        return Lab.docker("exec", stack + "-db", "psql", "-U", "postgres", "-d", "shop", "-tA", "-c", sql);
    }
}
