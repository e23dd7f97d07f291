package tokyo.seisei.operator.engine.smoke;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The checks of one smoke, the latest result of each (null until it is tried), and the verdict they add up to. */
final class Attempts {

    enum Verdict { PASSED, FAILED, FATAL }

    private final Clock clock;
    private final Duration attemptTimeout;
    private final List<SmokeCheck> containers;
    private final List<SmokeCheck> all = new ArrayList<>();
    private final Map<SmokeCheck, CheckResult> latest = new LinkedHashMap<>();
    private int count;

    /**
     * @param attemptTimeout the most one try of a check may take, whatever the time left
     */
    Attempts(Clock clock, Duration attemptTimeout, List<SmokeCheck> containers, List<SmokeCheck> probes) {
        this.clock = clock;
        this.attemptTimeout = attemptTimeout;
        this.containers = List.copyOf(containers);
        all.addAll(containers);
        all.addAll(probes);
        all.forEach(c -> latest.put(c, null));
    }

    List<SmokeCheck> all() {
        return all;
    }

    List<SmokeCheck> containers() {
        return containers;
    }

    /** A new attempt of every check starts. */
    void counted() {
        count++;
    }

    /** One try of each check, in order, each bounded by the time left; a check with no time left keeps its last result. */
    Verdict run(List<SmokeCheck> checks, Instant deadline) {
        boolean passed = true;
        for (SmokeCheck check : checks) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return Verdict.FAILED;
            }
            CheckResult result = check.attempt(left.compareTo(attemptTimeout) < 0 ? left : attemptTimeout);
            latest.put(check, result);
            if (result.fatal()) {
                return Verdict.FATAL;
            }
            passed &= result.passed();
        }
        return passed ? Verdict.PASSED : Verdict.FAILED;
    }

    boolean fatal() {
        return latest.values().stream().anyMatch(r -> r != null && r.fatal());
    }

    SmokeResult result(Verdict verdict, Instant start) {
        return result(verdict, start, null);
    }

    SmokeResult result(Verdict verdict, Instant start, Duration timeout) {
        Duration took = Duration.between(start, clock.instant());
        String message = switch (verdict) {
            case PASSED -> "smoke passed in " + SmokeCheck.seconds(took) + " (attempt " + count + ", "
                    + all.size() + " check(s))";
            case FATAL -> "smoke failed after " + SmokeCheck.seconds(took) + ": " + failures(false);
            case FAILED -> "smoke failed: not passed within " + SmokeCheck.seconds(timeout) + " (" + count
                    + " attempt(s)): " + failures(true);
        };
        return new SmokeResult(verdict == Verdict.PASSED, message, took, results(verdict == Verdict.FAILED));
    }

    SmokeResult interrupted(Instant start) {
        Duration took = Duration.between(start, clock.instant());
        return new SmokeResult(false, "smoke interrupted after " + SmokeCheck.seconds(took) + ": "
                + failures(false), took, results(false), true);
    }

    /** The latest result of each check; one never tried says so. */
    private List<CheckResult> results(boolean deadlinePassed) {
        List<CheckResult> results = new ArrayList<>();
        latest.forEach((check, result) -> results.add(result != null ? result
                : CheckResult.fail(check.label() + ": not tried" + (deadlinePassed ? " before the deadline" : ""))));
        return results;
    }

    /** The failing lines, the fatal ones first; the checks never tried only when the deadline passed. */
    private String failures(boolean deadlinePassed) {
        List<String> lines = new ArrayList<>();
        List<CheckResult> results = results(deadlinePassed);
        results.stream().filter(CheckResult::fatal).forEach(r -> lines.add(r.line()));
        for (int i = 0; i < results.size(); i++) {
            boolean tried = latest.get(all.get(i)) != null;
            if (!results.get(i).passed() && !results.get(i).fatal() && (tried || deadlinePassed)) {
                lines.add(results.get(i).line());
            }
        }
        return String.join("; ", lines);
    }
}
