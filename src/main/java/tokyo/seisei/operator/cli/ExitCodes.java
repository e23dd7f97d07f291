package tokyo.seisei.operator.cli;

/** The exit codes every command keeps to. */
final class ExitCodes {

    static final int OK = 0;
    /** a stack did not end Ready or Paused, a file is invalid, the engine could not be reached */
    static final int NOT_SETTLED = 1;
    /** wrong usage, or a configuration that cannot work */
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
