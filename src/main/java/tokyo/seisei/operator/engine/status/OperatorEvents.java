package tokyo.seisei.operator.engine.status;

import java.time.Duration;
import java.util.List;
import tokyo.seisei.operator.engine.steps.StepResult;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.store.BackupVerification;

/**
 * What the operator tells the world besides its files: metrics and notifications listen here. Called by the
 * recorder with the same words it writes to the status and the history, secrets already masked.
 */
public interface OperatorEvents {

    OperatorEvents NONE = new OperatorEvents() {
    };

    default void phaseChanged(String stack, String environment, Phase phase, String version, String reason, String message) {
    }

    /** A history line was written: the action finished with this result (success, fail, blocked). */
    default void actionFinished(String stack, String environment, HistoryLine line) {
    }

    default void stepFinished(String stack, StepResult step) {
    }

    /** A backup was restored into a throwaway database, and passed or failed. */
    default void backupVerified(String stack, String environment, BackupVerification verification) {
    }

    /** @param complete false when the engine could not be used, or a stack will be retried */
    default void passFinished(Duration took, boolean complete) {
    }

    /** A pass left these stacks alone: nothing they read changed since their last converge (QuietStacks). */
    default void stacksLeftAlone(int stacks) {
    }

    /** A condition of the host, not of a stack (DiskPressure), started ({@code active}) or cleared. */
    default void hostConditionChanged(String condition, boolean active, String message) {
    }

    /** Waits, at most this long, until what was sent in the background (webhooks) is delivered or given up. */
    default void drain(Duration within) {
    }

    /** Tells every listener of a list, in order. */
    static OperatorEvents all(List<OperatorEvents> listeners) {
        return new OperatorEvents() {
            @Override
            public void phaseChanged(String stack, String environment, Phase phase, String version, String reason, String message) {
                listeners.forEach(l -> l.phaseChanged(stack, environment, phase, version, reason, message));
            }

            @Override
            public void actionFinished(String stack, String environment, HistoryLine line) {
                listeners.forEach(l -> l.actionFinished(stack, environment, line));
            }

            @Override
            public void stepFinished(String stack, StepResult step) {
                listeners.forEach(l -> l.stepFinished(stack, step));
            }

            @Override
            public void backupVerified(String stack, String environment, BackupVerification verification) {
                listeners.forEach(l -> l.backupVerified(stack, environment, verification));
            }

            @Override
            public void passFinished(Duration took, boolean complete) {
                listeners.forEach(l -> l.passFinished(took, complete));
            }

            @Override
            public void stacksLeftAlone(int stacks) {
                listeners.forEach(l -> l.stacksLeftAlone(stacks));
            }

            @Override
            public void hostConditionChanged(String condition, boolean active, String message) {
                listeners.forEach(l -> l.hostConditionChanged(condition, active, message));
            }

            @Override
            public void drain(Duration within) {
                listeners.forEach(l -> l.drain(within));
            }
        };
    }
}
