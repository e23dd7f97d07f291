package tokyo.seisei.operator.model;

/** Where a stack stands, as the status file, the CLI and the metrics name it. */
public enum Phase {
    /** everything runs as desired */
    Ready,
    /** a change is being applied */
    Progressing,
    /** a change failed; what ran before keeps running or was restored */
    Degraded,
    /** the desired state cannot be applied as it is (invalid, refused by policy); nothing was touched */
    Blocked,
    /** a person asked the operator to keep its hands off */
    Paused,
    /** a rollback failed: the operator changes nothing until a person acts */
    Failed;

    /** Phases in which a stack counts as settled for the exit code of {@code reconcile}. */
    public boolean settled() {
        return this == Ready || this == Paused;
    }
}
