package tokyo.seisei.operator.model;

import java.util.List;

/**
 * What to save before anything of the stack is replaced.
 *
 * @param retention   how long backups are kept, e.g. 30d, 12h (default 30d); older ones are pruned after a
 *                    successful backup
 * @param verify      how often the daemon restores the newest backup into a throwaway database to prove it
 *                    restores: weekly (default), daily or never
 * @param verifyQuery run in that throwaway database once the dumps are in; its answer is recorded
 */
public record BackupSpec(List<Database> databases, String retention, String verify, List<String> verifyQuery) {

    public static final String DEFAULT_RETENTION = "30d";
    public static final String DEFAULT_VERIFY = "weekly";
    /** The schedules of spec.backup.verify, and how old the last verification may be under each. */
    public static final java.util.Map<String, java.util.Optional<java.time.Duration>> VERIFY_SCHEDULES = java.util.Map.of(
            "daily", java.util.Optional.of(java.time.Duration.ofDays(1)),
            "weekly", java.util.Optional.of(java.time.Duration.ofDays(7)),
            "never", java.util.Optional.empty());

    public BackupSpec(List<Database> databases, String retention) {
        this(databases, retention, null, null);
    }

    public String verifyOrDefault() {
        return verify == null ? DEFAULT_VERIFY : verify;
    }

    /** How old the last verification may be before the daemon verifies again; empty for never. */
    public java.util.Optional<java.time.Duration> verifyEvery() {
        return VERIFY_SCHEDULES.getOrDefault(verifyOrDefault(), java.util.Optional.empty());
    }

    /** The verify query, or an empty list when none is given. */
    public List<String> verifyQueryOrNone() {
        return verifyQuery == null ? List.of() : verifyQuery;
    }

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
