package tokyo.seisei.operator.store;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code verification.json} beside a backup's manifest: the last time the backup was restored into a throwaway
 * database, and what came of it.
 *
 * @param at         when the verification ended, ISO-8601 UTC
 * @param durationMs how long it took, sums, container and restore together
 * @param answer     the trimmed answer of spec.backup.verifyQuery, cut to a bounded length; absent without a query
 * @param failure    why it failed; absent when it passed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupVerification(String backupId, String at, boolean passed, long durationMs, String answer,
                                 String failure) {
}
