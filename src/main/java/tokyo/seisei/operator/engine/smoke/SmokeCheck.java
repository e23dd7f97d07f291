package tokyo.seisei.operator.engine.smoke;

import java.time.Duration;

/** One thing a smoke asks, tried again at each attempt until it passes. */
interface SmokeCheck {

    /** Names the check in result lines, e.g. {@code tcp 127.0.0.1:5432}. */
    String label();

    /** One try, which must end within the timeout; a transient engine failure is thrown, anything else is a result. */
    CheckResult attempt(Duration timeout);

    /** "2s", "1.5s": how result lines write a duration. */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
