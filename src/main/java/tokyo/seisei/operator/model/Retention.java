package tokyo.seisei.operator.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long backups are kept: {@code 30d}, {@code 12h}, {@code 90m}, {@code 3600s}, or parts of them together
 * such as {@code 1d12h}. Unlike {@link ComposeDuration} it has days, and no bare numbers: a unit is always written.
 */
public final class Retention {

    private static final Pattern PART = Pattern.compile("([0-9]{1,9})([dhms])");
    private static final Pattern WHOLE = Pattern.compile("(?:[0-9]{1,9}[dhms])+");

    private Retention() {
    }

    /** Throws IllegalArgumentException naming the accepted form. */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim();
        if (!WHOLE.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a retention such as 30d, 12h, 90m or 3600s");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(value);
        while (m.find()) {
            long amount = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            });
        }
        if (total.isZero()) {
            throw new IllegalArgumentException("'" + text + "' keeps nothing: a retention must be longer than zero");
        }
        return total;
    }
}
