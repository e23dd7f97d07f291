package tokyo.seisei.operator.docker;

/**
 * Anything the engine refused or could not do, translated once at the edge of the adapter.
 *
 * @param kind what went wrong, so callers can tell a transient failure from a permanent one
 */
public class DockerFailure extends RuntimeException {

    public enum Kind {
        /** the engine cannot be reached or did not answer in time: transient */
        UNREACHABLE,
        /** the object (container, image, network, tag) does not exist */
        NOT_FOUND,
        /** a name already in use, a port already bound */
        CONFLICT,
        /** a registry refused a pull for want of credentials, or the credentials could not be had */
        UNAUTHORIZED,
        /** any other refusal */
        FAILED
    }

    private final Kind kind;

    public DockerFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public DockerFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public boolean transientFailure() {
        return kind == Kind.UNREACHABLE;
    }
}
