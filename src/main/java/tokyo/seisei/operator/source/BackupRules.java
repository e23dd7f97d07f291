package tokyo.seisei.operator.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tokyo.seisei.operator.model.BackupSpec;
import tokyo.seisei.operator.model.Retention;
import tokyo.seisei.operator.model.StackSpec;

/** The rules of spec.backup. */
final class BackupRules {

    /** A plain file name: no folder, no hidden file, nothing a shell or a path would read specially. */
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*\\.gz");

    private final ProblemSink sink;

    BackupRules(ProblemSink sink) {
        this.sink = sink;
    }

    void validate(StackSpec spec) {
        BackupSpec backup = spec.backup();
        if (backup == null) {
            return;
        }
        if (backup.databases().isEmpty()) {
            sink.error("spec.backup", "spec.backup.databases must name at least one database to dump");
        }
        Map<String, String> files = new HashMap<>();
        List<BackupSpec.Database> databases = backup.databases();
        for (int i = 0; i < databases.size(); i++) {
            validateDatabase(spec, "spec.backup.databases[" + i + "]", databases.get(i), files);
        }
        if (backup.retention() != null) {
            try {
                Retention.parse(backup.retention());
            } catch (IllegalArgumentException e) {
                sink.error("spec.backup.retention", "spec.backup.retention: " + e.getMessage());
            }
        }
        if (backup.verify() != null && !BackupSpec.VERIFY_SCHEDULES.containsKey(backup.verify())) {
            sink.error("spec.backup.verify", "spec.backup.verify '" + backup.verify()
                    + "' must be one of daily, weekly (the default) or never");
        }
        if (backup.verifyQuery() != null && (backup.verifyQuery().isEmpty() || backup.verifyQuery().get(0) == null
                || backup.verifyQuery().get(0).isBlank())) {
            sink.error("spec.backup.verifyQuery", "spec.backup.verifyQuery must be a command run in the restored database,"
                    + " e.g. [psql, -U, postgres, -tA, -d, shop, -c, \"select count(*) from items\"]");
        }
    }

    private void validateDatabase(StackSpec spec, String at, BackupSpec.Database database, Map<String, String> files) {
        if (database == null) {
            sink.error(at, at + " is empty: a database needs service, dump and restore");
            return;
        }
        if (database.service() == null || database.service().isBlank()) {
            sink.error(at, at + ".service is required: the service whose container runs the dump");
        } else if (!spec.services().containsKey(database.service())) {
            sink.error(at + ".service", at + ".service '" + database.service() + "' is not a service of this stack");
        }
        if (database.dump().isEmpty() || database.dump().get(0) == null || database.dump().get(0).isBlank()) {
            sink.error(at + ".dump", at + ".dump must be a command that writes the dump to stdout, e.g. [pg_dumpall, -U, postgres]");
        }
        if (database.restore().isEmpty() || database.restore().get(0) == null || database.restore().get(0).isBlank()) {
            sink.error(at + ".restore", at + ".restore must be a command that reads the dump from stdin, e.g. [psql, -U, postgres]");
        }
        warnUnlessExact(at, database);
        String file = database.fileOrDefault();
        if (!FILE.matcher(file).matches() || file.contains("..")) {
            sink.error(at + ".file", at + ".file '" + file
                    + "' must be a plain file name ending in .gz: letters, digits, '.', '_' or '-', no '/' or '..'");
            return;
        }
        String first = files.putIfAbsent(file, at);
        if (first != null) {
            sink.error(at + ".file", at + ".file '" + file + "' is also written by " + first
                    + ": give each database a file of its own");
        }
    }

    /**
     * A restore must give back exactly the backup: psql carries on past errors and exits 0 unless told to stop; the
     * operator sends a psql restore as one transaction of its own, which psql's --single-transaction would undo by
     * committing whatever reached it when a restore is cut short.
     */
    private void warnUnlessExact(String at, BackupSpec.Database database) {
        List<String> restore = database.restore();
        if (restore.isEmpty() || restore.get(0) == null || !restore.get(0).endsWith("psql")) {
            return;
        }
        String recipe = " (exact: dump [pg_dump, -U, postgres, --clean, --if-exists, DBNAME], restore [psql, -U, postgres,"
                + " -v, ON_ERROR_STOP=1, DBNAME])";
        if (!restore.contains("ON_ERROR_STOP=1") && !restore.contains("ON_ERROR_STOP=on")) {
            sink.warning(at + ".restore", at + ".restore: psql without -v ON_ERROR_STOP=1 goes on past errors and exits 0,"
                    + " so a failed restore would look restored" + recipe);
        } else if (restore.contains("--single-transaction") || restore.contains("-1")) {
            sink.warning(at + ".restore", at + ".restore: --single-transaction commits whatever reached psql when a restore"
                    + " is cut short; leave it out: the operator sends the dump as one transaction itself" + recipe);
        }
        if (!database.dump().isEmpty() && "pg_dumpall".equals(database.dump().get(0))) {
            sink.warning(at + ".dump", at + ".dump: a pg_dumpall dump cannot be restored in one transaction, and without"
                    + " --clean it adds to the rows there" + recipe);
        }
    }
}
