package tokyo.seisei.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * What the operator observed and did for one stack: {@code <state-dir>/status/<stack>.yaml}. Only the
 * operator writes it.
 *
 * @param phaseSince      when the stack entered its phase
 * @param message         one line for people: what is going on, or what is wrong
 * @param observedRevision digest of the desired-state file last acted on
 * @param source          when the desired state is a git repository: the commit of the file whose desired state runs
 * @param failedVersion   a version whose deploy failed: not tried again until the desired state changes
 * @param verifiedVersion the latest version a smoke verified here, as releases/verified/<stack>.txt holds it
 * @param promotion       for a stack with spec.promotion: its source, and whether the desired version is verified there
 * @param retry           while a transient failure (engine, registry) is retried with backoff: when, and why
 * @param lastVerifiedBackup the last backup restored into a throwaway database to prove it restores
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StackStatus(
        String stack,
        String environment,
        Phase phase,
        String phaseSince,
        String message,
        String desiredVersion,
        String currentVersion,
        String observedRevision,
        SourceCommit source,
        String failedVersion,
        String verifiedVersion,
        PromotionStatus promotion,
        RetryStatus retry,
        List<Condition> conditions,
        List<ServiceStatus> services,
        Operation lastOperation,
        VerifiedBackup lastVerifiedBackup,
        String updatedAt) {

    /**
     * A Kubernetes-style condition; {@code lastTransitionTime} changes only when status, reason or message do.
     *
     * @param status True | False | Unknown
     */
    public record Condition(String type, String status, String reason, String message, String lastTransitionTime) {

        public static final String READY = "Ready";
        public static final String RECONCILING = "Reconciling";
        public static final String STALLED = "Stalled";
        public static final String ORPHANED = "Orphaned";
        public static final String SOURCE_UNREACHABLE = "SourceUnreachable";

        public boolean sameAs(Condition other) {
            return other != null && type.equals(other.type) && status.equals(other.status)
                    && java.util.Objects.equals(reason, other.reason) && java.util.Objects.equals(message, other.message);
        }
    }

    /**
     * @param desiredVersionVerified whether the from stack verified the desired version
     * @param forced                 the reason of a force that deployed the version past the gate, while it is unverified
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PromotionStatus(String from, boolean desiredVersionVerified, String forced) {
    }

    /**
     * The commit a stack's desired state came from: the last commit that touched its file.
     *
     * @param commit  the full sha
     * @param subject the first line of its message
     * @param author  {@code Name <email>}
     * @param time    when it was committed, ISO-8601
     */
    public record SourceCommit(String commit, String subject, String author, String time) {
    }

    /** @param nextAttemptAt ISO-8601 instant before which the stack is not tried again */
    public record RetryStatus(int attempts, String nextAttemptAt, String lastError) {
    }

    /** @param health healthy | unhealthy | starting, absent when the container has no healthcheck */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceStatus(String name, String container, String containerId, String image, String imageDigest,
                                String state, String health) {
    }

    /**
     * The last finished action, as the history records it.
     *
     * @param result success | fail | blocked
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Operation(String action, String version, String result, String revision, String message,
                            String finishedAt) {
    }

    /** @param at when the verification ended, ISO-8601 UTC */
    public record VerifiedBackup(String id, String at, boolean passed) {
    }

    /** True when the two say the same, whatever the times they were written at. */
    public boolean sameIgnoringTime(StackStatus other) {
        return phase == other.phase && Objects.equals(message, other.message)
                && Objects.equals(environment, other.environment) && Objects.equals(desiredVersion, other.desiredVersion)
                && Objects.equals(currentVersion, other.currentVersion) && Objects.equals(observedRevision, other.observedRevision)
                && Objects.equals(source, other.source)
                && Objects.equals(failedVersion, other.failedVersion) && Objects.equals(verifiedVersion, other.verifiedVersion)
                && Objects.equals(promotion, other.promotion) && Objects.equals(retry, other.retry)
                && Objects.equals(conditions, other.conditions) && Objects.equals(services, other.services)
                && Objects.equals(lastOperation, other.lastOperation)
                && Objects.equals(lastVerifiedBackup, other.lastVerifiedBackup);
    }

    public List<Condition> conditions() {
        return conditions == null ? List.of() : conditions;
    }

    public List<ServiceStatus> services() {
        return services == null ? List.of() : services;
    }
}
