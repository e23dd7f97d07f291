package tokyo.seisei.operator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.Fixtures;
import tokyo.seisei.operator.model.BackupSpec;

class BackupRulesTest {

    /** Appended to {@link Fixtures#SHOP}: it starts at line 28. */
    static final String BACKUP = """
              backup:
                databases:
                  - service: db
                    dump: [pg_dumpall, -U, postgres]
                    restore: [psql, -U, postgres]
                retention: 30d
            """;

    @TempDir
    Path dir;

    private LoadedStack load(String backup) throws IOException {
        Path file = dir.resolve("shop.yaml");
        Files.writeString(file, Fixtures.SHOP + backup);
        return new DesiredStateLoader(Map.of()).load(file);
    }

    private List<String> errors(String backup) throws IOException {
        return load(backup).errors().stream().map(Object::toString).map(e -> e.substring(dir.toString().length() + 1))
                .toList();
    }

    @Test
    void aValidBackupBlockLoadsWithItsDefaults() throws IOException {
        LoadedStack stack = load(BACKUP);
        assertTrue(stack.valid(), () -> stack.problems().toString());
        BackupSpec backup = stack.document().spec().backup();
        BackupSpec.Database db = backup.databases().get(0);
        assertEquals("db", db.service());
        assertEquals(List.of("pg_dumpall", "-U", "postgres"), db.dump());
        assertEquals(List.of("psql", "-U", "postgres"), db.restore());
        assertEquals("database.sql.gz", db.fileOrDefault());
        assertEquals("30d", backup.retentionOrDefault());
        assertEquals("30d", new BackupSpec(List.of(db), null).retentionOrDefault());
    }

    @Test
    void aServiceThatIsNotInTheStackIsNamed() throws IOException {
        assertEquals(List.of("shop.yaml:30:18: spec.backup.databases[0].service 'dbb' is not a service of this stack"),
                errors(BACKUP.replace("service: db", "service: dbb")));
    }

    @Test
    void databasesMustNotBeEmpty() throws IOException {
        assertEquals(List.of("shop.yaml:28:3: spec.backup.databases must name at least one database to dump"),
                errors("  backup:\n    databases: []\n"));
        assertEquals(List.of("shop.yaml:28:3: spec.backup.databases must name at least one database to dump"),
                errors("  backup:\n    retention: 30d\n"));
    }

    @Test
    void dumpAndRestoreMustBeCommands() throws IOException {
        assertEquals(List.of(
                        "shop.yaml:31:9: spec.backup.databases[0].dump must be a command that writes the dump to stdout, "
                                + "e.g. [pg_dumpall, -U, postgres]",
                        "shop.yaml:30:9: spec.backup.databases[0].restore must be a command that reads the dump from stdin, "
                                + "e.g. [psql, -U, postgres]"),
                errors(BACKUP.replace("[pg_dumpall, -U, postgres]", "[]")
                        .replace("        restore: [psql, -U, postgres]\n", "")));
    }

    @Test
    void serviceIsRequired() throws IOException {
        assertEquals(List.of("shop.yaml:30:9: spec.backup.databases[0].service is required: the service whose container "
                        + "runs the dump"),
                errors(BACKUP.replace("- service: db\n        dump", "- dump")));
    }

    @Test
    void fileMustBeAPlainGzipFileName() throws IOException {
        for (String file : List.of("../escape.sql.gz", "sub/db.sql.gz", "db.sql", ".hidden.gz", "a..b.gz")) {
            assertEquals(List.of("shop.yaml:33:15: spec.backup.databases[0].file '" + file + "' must be a plain file name "
                            + "ending in .gz: letters, digits, '.', '_' or '-', no '/' or '..'"),
                    errors(BACKUP.replace("    retention:", "      file: \"" + file + "\"\n    retention:")
                            .replace("      file:", "        file:")), file);
        }
        assertTrue(load(BACKUP.replace("    retention:", "        file: odoo_2.sql.gz\n    retention:")).valid());
    }

    @Test
    void twoDatabasesMayNotWriteTheSameFile() throws IOException {
        String two = BACKUP.replace("    retention:", ""
                + "      - service: web\n"
                + "        dump: [cat, /data/app.db]\n"
                + "        restore: [sh, -c, cat > /data/app.db]\n"
                + "    retention:");
        assertEquals(List.of("shop.yaml:33:9: spec.backup.databases[1].file 'database.sql.gz' is also written by "
                        + "spec.backup.databases[0]: give each database a file of its own"),
                errors(two));
        assertTrue(load(two.replace("restore: [sh, -c, cat > /data/app.db]",
                "restore: [sh, -c, cat > /data/app.db]\n        file: app.db.gz")).valid());
    }

    @Test
    void retentionMustParse() throws IOException {
        assertEquals(List.of("shop.yaml:33:16: spec.backup.retention: '30 days' is not a retention such as 30d, 12h, 90m "
                        + "or 3600s"),
                errors(BACKUP.replace("retention: 30d", "retention: 30 days")));
        assertEquals(List.of("shop.yaml:33:16: spec.backup.retention: '0d' keeps nothing: a retention must be longer "
                        + "than zero"),
                errors(BACKUP.replace("retention: 30d", "retention: 0d")));
        for (String retention : List.of("12h", "90m", "3600s", "1d12h")) {
            assertTrue(load(BACKUP.replace("retention: 30d", "retention: " + retention)).valid(), retention);
        }
    }

    @Test
    void everyProblemIsReportedNotTheFirstOnly() throws IOException {
        List<String> errors = errors(BACKUP.replace("service: db", "service: dbb").replace("[psql, -U, postgres]", "[]")
                .replace("retention: 30d", "retention: forever"));
        assertEquals(3, errors.size(), errors::toString);
    }

    private List<String> warnings(String backup) throws IOException {
        return load(backup).problems().stream().filter(p -> !p.isError()).map(Object::toString).toList();
    }

    @Test
    void aRestoreThatCannotStopOnErrorOrAppendsIsWarnedOf() throws IOException {
        List<String> warnings = warnings(BACKUP);
        assertEquals(2, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("spec.backup.databases[0].restore: psql without -v ON_ERROR_STOP=1"), warnings::toString);
        assertTrue(warnings.get(1).contains("spec.backup.databases[0].dump: a pg_dumpall dump cannot be restored in one"),
                warnings::toString);
        assertEquals(List.of(), warnings(BACKUP.replace("[pg_dumpall, -U, postgres]", "[pg_dump, -U, postgres, --clean, --if-exists, shop]")
                .replace("[psql, -U, postgres]", "[psql, -U, postgres, -v, ON_ERROR_STOP=1, shop]")),
                "the exact recipe");
        assertTrue(warnings(BACKUP.replace("[psql, -U, postgres]", "[psql, -U, postgres, -v, ON_ERROR_STOP=1, -1]")).get(0)
                .contains("--single-transaction commits whatever reached psql"));
    }

    @Test
    void verifyIsWeeklyByDefaultAndOnlyDailyWeeklyOrNever() throws IOException {
        BackupSpec defaults = load(BACKUP).document().spec().backup();
        assertEquals("weekly", defaults.verifyOrDefault());
        assertEquals(java.util.Optional.of(java.time.Duration.ofDays(7)), defaults.verifyEvery());
        assertTrue(defaults.verifyQueryOrNone().isEmpty());

        LoadedStack daily = load(BACKUP + "    verify: daily\n    verifyQuery: [psql, -tA, -c, \"select 1\"]\n");
        assertTrue(daily.valid(), () -> daily.problems().toString());
        assertEquals(List.of("psql", "-tA", "-c", "select 1"), daily.document().spec().backup().verifyQueryOrNone());

        List<String> wrong = errors(BACKUP + "    verify: monthly\n    verifyQuery: []\n");
        assertTrue(wrong.stream().anyMatch(e -> e.contains("spec.backup.verify 'monthly' must be one of daily, weekly")), wrong::toString);
        assertTrue(wrong.stream().anyMatch(e -> e.contains("spec.backup.verifyQuery must be a command")), wrong::toString);
    }
}
