package tokyo.seisei.operator.engine.smoke;

/**
 * How one check ended in one attempt.
 *
 * @param fatal failed in a way no later attempt can mend (a container exited or restarted): the smoke ends at once
 * @param line  names the check and what it saw, e.g. {@code http http://127.0.0.1:8080/health answered 404, expected 200}
 */
public record CheckResult(boolean passed, boolean fatal, String line) {

    static CheckResult pass(String line) {
        return new CheckResult(true, false, line);
    }

    static CheckResult fail(String line) {
        return new CheckResult(false, false, line);
    }

    static CheckResult fatal(String line) {
        return new CheckResult(false, true, line);
    }
}
