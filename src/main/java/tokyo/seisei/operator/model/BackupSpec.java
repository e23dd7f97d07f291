package tokyo.seisei.operator.model;

import java.util.List;

/**
 * What to save before anything of the stack is replaced.
 *
 * @param retention how long backups are kept, e.g. 30d, 12h (default 30d); older ones are pruned after a
 *                  successful backup
 */
public record BackupSpec(List<Database> databases, String retention) {

    public static final String DEFAULT_RETENTION = "30d";

    public List<Database> databases() {
        return databases == null ? List.of() : databases;
    }

    public String retentionOrDefault() {
        return retention == null ? DEFAULT_RETENTION : retention;
    }

    /**
     * @param service the service whose container runs the dump
     * @param dump    run in the container by docker exec, no TTY; its stdout is the dump
     * @param restore run in the container with the dump on stdin, by {@code stackctl restore}
     * @param file    the gzipped dump's file name in the backup folder (default database.sql.gz)
     */
    public record Database(String service, List<String> dump, List<String> restore, String file) {

        public static final String DEFAULT_FILE = "database.sql.gz";

        public List<String> dump() {
            return dump == null ? List.of() : dump;
        }

        public List<String> restore() {
            return restore == null ? List.of() : restore;
        }

        public String fileOrDefault() {
            return file == null ? DEFAULT_FILE : file;
        }
    }
}
