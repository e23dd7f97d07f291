package tokyo.seisei.operator.engine.smoke;

import java.time.Duration;
import java.util.List;

/**
 * How a smoke ended.
 *
 * @param message  one line: the verdict, and when it failed, each failing check with what it saw
 * @param duration from the first attempt to the verdict
 * @param checks   the latest result of every check, containers first, then spec.smoke.checks in file order
 * @param interrupted the smoke was cut short (the operator stops): no verdict on the version
 */
public record SmokeResult(boolean passed, String message, Duration duration, List<CheckResult> checks, boolean interrupted) {

    public SmokeResult(boolean passed, String message, Duration duration, List<CheckResult> checks) {
        this(passed, message, duration, checks, false);
    }
}
