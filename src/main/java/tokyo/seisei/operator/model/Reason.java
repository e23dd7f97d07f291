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
    public static final String NETWORK_POOL_EXHAUSTED = "NetworkPoolExhausted";
    public static final String PULL_FAILED = "PullFailed";
    /** A registry refused a pull for want of credentials, or the credentials could not be had. */
    public static final String PULL_UNAUTHORIZED = "PullUnauthorized";
    public static final String CREATE_FAILED = "CreateFailed";
    public static final String START_FAILED = "StartFailed";
    public static final String DEPENDENCY_NOT_HEALTHY = "DependencyNotHealthy";
    public static final String DEPENDENCY_NOT_READY = "DependencyNotReady";
    public static final String ENGINE_UNREACHABLE = "EngineUnreachable";
    public static final String ORPHANED = "Orphaned";
    public static final String UNDECLARED_SERVICES = "UndeclaredServices";
    public static final String COMPOSE_LEFT_ALONE = "ComposeContainersLeftAlone";
    public static final String PREFLIGHT_FAILED = "PreflightFailed";
    public static final String DISK_LOW = "DiskLow";
    /** A host condition: a disk the operator needs has less free space than operator.preflight.min-free-disk-percent. */
    public static final String DISK_PRESSURE = "DiskPressure";
    public static final String BACKUP_FAILED = "BackupFailed";
    public static final String SMOKE_FAILED = "SmokeFailed";
    public static final String ROLLED_BACK = "RollbackSucceeded";
    public static final String ROLLBACK_FAILED = "RollbackFailed";
    public static final String VERSION_FAILED = "VersionFailed";
    public static final String PAUSED = "Suspended";
    public static final String RECONCILE_ERROR = "ReconcileError";
    public static final String NOT_VERIFIED = "NotVerified";
    public static final String DIGEST_MISMATCH = "DigestMismatch";
    public static final String FORCED = "Forced";
    public static final String DEPLOY_FAILED = "DeployFailed";
    public static final String DEPLOY_BLOCKED = "DeployBlocked";
    public static final String RESTORE_FAILED = "RestoreFailed";
    /** A backup did not restore into a throwaway database, or does not match its manifest. */
    public static final String BACKUP_VERIFY_FAILED = "BackupVerifyFailed";
    public static final String RESUMED = "Resumed";
    public static final String INTERRUPTED = "Interrupted";
    public static final String RESTORE_INTERRUPTED = "RestoreInterrupted";
    public static final String RETRY_REQUESTED = "RetryRequested";
    public static final String SOURCE_UNREACHABLE = "SourceUnreachable";

    private Reason() {
    }
}
