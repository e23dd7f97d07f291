package tokyo.seisei.operator.engine.backup;

/** A backup that could not be made; nothing of it is left on disk. */
public final class BackupFailure extends RuntimeException {

    public BackupFailure(String message) {
        super(message);
    }

    BackupFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
