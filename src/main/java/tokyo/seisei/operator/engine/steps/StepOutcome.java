package tokyo.seisei.operator.engine.steps;

/**
 * What a pipeline step ended with. A step never records anything itself: the pipeline loop turns the
 * outcome into the transition, the status and the history.
 *
 * @param reason one of {@link tokyo.seisei.operator.model.Reason}, null on success
 */
public record StepOutcome(Result result, String reason, String message) {

    public enum Result {
        /** done; the next step may run */
        DONE,
        /** refused before anything was touched: the desired state must change */
        BLOCKED,
        /** failed; what ran before still runs or was put back */
        FAILED,
        /** failed for a reason that may pass (engine unreachable) before anything was touched: try again later */
        RETRY,
        /** the operator is stopping: what is under way is left to its operation record, settled at the next start */
        INTERRUPTED,
        /** a person paused the stack while it waited or worked, before anything was replaced: nothing more is done */
        PAUSED
    }

    public static StepOutcome done(String message) {
        return new StepOutcome(Result.DONE, null, message);
    }

    public static StepOutcome blocked(String reason, String message) {
        return new StepOutcome(Result.BLOCKED, reason, message);
    }

    public static StepOutcome failed(String reason, String message) {
        return new StepOutcome(Result.FAILED, reason, message);
    }

    public static StepOutcome interrupted(String message) {
        return new StepOutcome(Result.INTERRUPTED, tokyo.seisei.operator.model.Reason.INTERRUPTED, message);
    }

    /** @param why the pause, as the status says it */
    public static StepOutcome paused(String why) {
        return new StepOutcome(Result.PAUSED, tokyo.seisei.operator.model.Reason.PAUSED, why);
    }

    public static StepOutcome retry(String reason, String message) {
        return new StepOutcome(Result.RETRY, reason, message);
    }

    public boolean done() {
        return result == Result.DONE;
    }
}
