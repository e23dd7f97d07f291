package tokyo.seisei.operator.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;
import tokyo.seisei.operator.model.StackStatus;

/**
 * An operation under way on a stack (a deploy, a rollback, a restore), as written before each action that
 * changes the engine, so that a restart can settle it from this record and the engine's real state.
 *
 * @param kind            {@link #DEPLOY}, {@link #ROLLBACK} (a person's, through the pipeline) or {@link #RESTORE}
 * @param action          the history action that closes it: deploy, heal, rollback or restore
 * @param version         the version it brings
 * @param previousVersion the version that ran before
 * @param step            the step under way
 * @param next            what it is about to do, for people reading the record
 * @param replacements    the containers replaced so far, as far as they are known
 * @param failureReason   once it failed and is being rolled back: why
 * @param versionAtFault  true when the failure is the version's own (smoke, start, pull), so the version is latched
 * @param backupId        for a restore: the backup restored, and {@code safetyBackupId} the dump taken just before
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationRecord(String kind, String stack, String action, String version, String previousVersion,
                              String revision, String forceReason, Stage stage, String step, String next,
                              List<Replacement> replacements, String failureReason, String failureMessage,
                              boolean versionAtFault, String backupId, String safetyBackupId, String startedAt) {

    public static final String DEPLOY = "deploy";
    public static final String ROLLBACK = "rollback";
    public static final String RESTORE = "restore";

    /** How far the operation got. */
    public enum Stage {
        /** the steps run; containers may be half replaced */
        STEPS,
        /** every container is replaced; the smoke decides */
        SMOKE,
        /** it failed; the previous containers are being put back */
        ROLLING_BACK,
        /** a dump is being piped into a database */
        RESTORING
    }

    /**
     * One container replaced (or created) by a deploy; fields fill in as the replacement advances.
     *
     * @param oldId      the container that ran before, or null when the service had none
     * @param parkedName the name the old container is kept under, stopped, for rollback
     * @param newId      the container created by this deploy, once created
     * @param newKeptAs  when the new container is a kept previous one put back: its kept name, so a rollback
     *                   keeps it again instead of removing it
     */
    public record Replacement(String service, String name, String oldId, String oldName, String oldRestartPolicy,
                              String parkedName, String newId, String newKeptAs) {

        public Replacement withNewId(String id) {
            return new Replacement(service, name, oldId, oldName, oldRestartPolicy, parkedName, id, newKeptAs);
        }
    }

    public List<Replacement> replacements() {
        return replacements == null ? List.of() : replacements;
    }

    /**
     * True when the status's last operation is this one's closing: only the record was left behind. Both times are
     * to the second, so an operation begun in the very second the one before it closed is told apart by what it
     * is: the same revision and action, or a rollback (which closes a failed deploy).
     */
    public boolean closedBy(StackStatus.Operation last) {
        if (last == null || last.finishedAt() == null || startedAt == null
                || !(version.equals(last.version()) || ROLLBACK.equals(last.action()))) {
            return false;
        }
        int order = last.finishedAt().compareTo(startedAt);
        return order > 0 || order == 0 && Objects.equals(revision, last.revision())
                && (action.equals(last.action()) || ROLLBACK.equals(last.action()));
    }

    /** The operation begun: what it brings, nothing done yet. */
    public static OperationRecord begun(String kind, String stack, String action, String version, String previousVersion,
                                        String revision, String forceReason, String startedAt) {
        return new OperationRecord(kind, stack, action, version, previousVersion, revision, forceReason, Stage.STEPS, null,
                null, List.of(), null, null, false, null, null, startedAt);
    }

    /** Where it stands now; a failure, once there is one, turns it into a rollback. */
    public OperationRecord at(String nextStep, String nextAction, List<Replacement> now, String failedBecause,
                              String failedWith, boolean atFault) {
        Stage next = failedBecause != null ? Stage.ROLLING_BACK : "Smoke".equals(nextStep) ? Stage.SMOKE : stage;
        return new OperationRecord(kind, stack, action, version, previousVersion, revision, forceReason, next, nextStep,
                nextAction, List.copyOf(now), failedBecause, failedWith, atFault, backupId, safetyBackupId, startedAt);
    }

    /** A restore under way: the backup piped in, and the safety backup of what ran before. */
    public OperationRecord restoring(String backup, String safetyBackup, String nextAction) {
        return new OperationRecord(RESTORE, stack, action, version, previousVersion, revision, forceReason, Stage.RESTORING,
                "Restore", nextAction, List.of(), null, null, false, backup, safetyBackup, startedAt);
    }
}
