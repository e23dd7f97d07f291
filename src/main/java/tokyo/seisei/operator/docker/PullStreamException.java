package tokyo.seisei.operator.docker;

/** An error the engine reported inside the pull stream (the HTTP status was 200). */
final class PullStreamException extends RuntimeException {

    PullStreamException(String message) {
        super(message);
    }
}
