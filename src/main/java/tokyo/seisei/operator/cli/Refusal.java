package tokyo.seisei.operator.cli;

/** Why a command stops early, and with which exit code; {@link FailureExits} prints it as one line. */
final class Refusal extends RuntimeException {

    private final int exitCode;

    private Refusal(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** Wrong usage or an unknown stack: exit 2. */
    static Refusal usage(String message) {
        return new Refusal(message, ExitCodes.USAGE);
    }

    int exitCode() {
        return exitCode;
    }
}
