package tokyo.seisei.operator.model;

/**
 * Why a stack is where it is: one CamelCase word each, the same in the status conditions, the events
 * journal, the log and the metrics.
 */
public final class Reason {

    public static final String RECONCILED = "ReconciliationSucceeded";
    public static final String PROGRESSING = "Progressing";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String NETWORK_MISSING = "ExternalNetworkMissing";
    public static final String VOLUME_MISSING = "ExternalVolumeMissing";
    public static final String PULL_FAILED = "PullFailed";
    public static final String CREATE_FAILED = "CreateFailed";
    public static final String START_FAILED = "StartFailed";
    public static final String DEPENDENCY_NOT_HEALTHY = "DependencyNotHealthy";
    public static final String ENGINE_UNREACHABLE = "EngineUnreachable";
    public static final String ORPHANED = "Orphaned";
    public static final String UNDECLARED_SERVICES = "UndeclaredServices";

    private Reason() {
    }
}
