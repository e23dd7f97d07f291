package tokyo.seisei.operator.source;

/**
 * There is no desired state to read yet: a git repository never fetched. Its message says what to do; it has no
 * stack trace, since it is a state of the world, logged once per pass while it lasts, not a fault of the code.
 */
public final class SourceUnavailable extends IllegalStateException {

    public SourceUnavailable(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
