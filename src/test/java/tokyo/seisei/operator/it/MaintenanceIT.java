package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maintenance plan on the lab's real PostgreSQL: {@code stackctl verify-backup} restores a backup into a
 * throwaway database and records the verify query's answer; a damaged dump and a dump that does not restore fail,
 * with the live database and its container untouched and no throwaway container left; and a backup past its
 * retention is packed into the archive dir before it is removed. One stack, one deploy, the backups reused.
 */
class MaintenanceIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    final String stack = Lab.uniqueStack("maint");
    final int port = Lab.freePort();

    @Test
    void backupsAreVerifiedInAThrowawayDatabaseAndArchivedBeforeRetentionRemovesThem() throws Exception {
        Path desired = Files.createDirectories(root.resolve("desired-state"));
        Path state = Files.createDirectories(root.resolve("state"));
        Path archive = root.resolve("archive");
        Lab.write(desired, stack, StackFixtures.exactWebAndDatabase(stack, "15-a", port)
                + "    verifyQuery: [psql, -U, postgres, -tA, -d, shop, -c, \"select count(*) from items\"]\n");
        Stackctl stackctl = new Stackctl(desired, state).with("OPERATOR_SMOKE_STABLE_FOR", "1s")
                .with("OPERATOR_BACKUP_ARCHIVE_DIR", archive.toString());
        assertEquals(0, stackctl.run("reconcile", stack).exitCode());
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> psql("select 1").equals("1"));
        psql("create table items (id int primary key, body text)");
        psql("insert into items select g, md5(g::text) from generate_series(1, 1000) g");
        String liveId = Lab.docker("inspect", "-f", "{{.Id}}", stack + "-db").strip();
        String good = backUp(stackctl);
        String damaged = backUp(stackctl);
        Path backups = state.resolve("backups").resolve(stack);

        // the newest by default: damaged, still whole here
        Lab.Result verified = stackctl.run("verify-backup", stack, good);
        assertEquals(0, verified.exitCode(), verified.errors());
        assertTrue(verified.output().contains("verify query: 1000"), verified.output());
        JsonNode record = JSON.readTree(backups.resolve(good).resolve("verification.json").toFile());
        assertTrue(record.get("passed").asBoolean(), record.toString());
        assertEquals("1000", record.get("answer").asText());
        String listed = stackctl.run("backups", stack).output();
        assertTrue(listed.lines().anyMatch(l -> l.startsWith(good) && l.contains("passed ")), listed);
        assertTrue(listed.contains("verify query: 1000"), listed);
        String status = Files.readString(state.resolve("status").resolve(stack + ".yaml"));
        assertTrue(status.contains("lastVerifiedBackup") && status.substring(status.indexOf("lastVerifiedBackup")).contains(good),
                status);
        assertNoThrowawayContainer();

        Path dump = backups.resolve(damaged).resolve("database.sql.gz");
        byte[] original = Files.readAllBytes(dump);
        byte[] flipped = original.clone();
        flipped[flipped.length / 2] ^= 0x5a;
        Files.write(dump, flipped);
        Lab.Result sums = stackctl.run("verify-backup", stack);
        assertEquals(1, sums.exitCode(), sums.output());
        assertTrue(sums.errors().contains("does not match its manifest: database.sql.gz has SHA-256"), sums.errors());
        assertFalse(JSON.readTree(backups.resolve(damaged).resolve("verification.json").toFile()).get("passed").asBoolean());

        rewriteWithSums(backups.resolve(damaged), "this is not sql at all;\n");
        Lab.Result broken = stackctl.run("verify-backup", stack, damaged);
        assertEquals(1, broken.exitCode(), broken.output());
        assertTrue(broken.errors().contains("exited with code 3"), broken.errors());
        assertTrue(stackctl.run("backups", stack).output().contains("FAILED "), "the failure is listed");
        assertNoThrowawayContainer();
        assertEquals("1000", psql("select count(*) from items"), "the live database is untouched");
        assertEquals(liveId, Lab.docker("inspect", "-f", "{{.Id}}", stack + "-db").strip(), "the live container too");

        // an expired backup (its manifest says it is old) is packed, then removed, by the next backup's prune
        Path manifest = backups.resolve(good).resolve("manifest.json");
        ObjectNode old = (ObjectNode) JSON.readTree(manifest.toFile());
        old.put("time", "2020-01-01T00:00:00Z");
        Files.write(manifest, JSON.writeValueAsBytes(old));
        backUp(stackctl);
        assertFalse(Files.exists(backups.resolve(good)), "removed past its retention");
        assertEquals(Set.of(good + "/manifest.json", good + "/database.sql.gz", good + "/verification.json"),
                Set.copyOf(entries(archive.resolve(stack).resolve(good + ".tar.gz")).stream()
                        .filter(n -> !n.endsWith("stack.yaml") && !n.endsWith("containers.json")).toList()));
    }

    @AfterEach
    void cleanUp() {
        Lab.cleanUp(stack);
    }

    private void assertNoThrowawayContainer() {
        assertEquals("", Lab.docker("ps", "-aq", "--filter", "label=tokyo.seisei.operator.verify-backup=" + stack).strip());
    }

    private String backUp(Stackctl stackctl) {
        Lab.Result backup = stackctl.run("backup", stack);
        assertEquals(0, backup.exitCode(), backup.errors());
        return Path.of(backup.output().lines().findFirst().orElseThrow().strip()).getFileName().toString();
    }

    /** Replaces the dump and makes the manifest agree with it: the sums pass, the restore must fail. */
    private static void rewriteWithSums(Path folder, String sql) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(sql.getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = gz.toByteArray();
        Files.write(folder.resolve("database.sql.gz"), bytes);
        ObjectNode manifest = (ObjectNode) JSON.readTree(folder.resolve("manifest.json").toFile());
        for (JsonNode file : manifest.get("files")) {
            if (file.get("name").asText().equals("database.sql.gz")) {
                ((ObjectNode) file).put("size", bytes.length);
                ((ObjectNode) file).put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            }
        }
        ((ObjectNode) manifest.get("databases").get(0)).put("dumpBytes", sql.getBytes(StandardCharsets.UTF_8).length);
        Files.write(folder.resolve("manifest.json"), JSON.writeValueAsBytes(manifest));
    }

    private static Set<String> entries(Path tarGz) throws IOException {
        Set<String> names = new HashSet<>();
        try (InputStream in = Files.newInputStream(tarGz);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private String psql(String sql) {
        return Lab.docker("exec", stack + "-db", "psql", "-U", "postgres", "-d", "shop", "-tA", "-c", sql);
    }
}
