package tokyo.seisei.operator.engine;

/**
 * A request refused before anything was changed: an unknown stack, a stack that is not paused, no earlier
 * version. The message says what to do instead.
 */
public final class Refused extends RuntimeException {

    public Refused(String message) {
        super(message);
    }
}
