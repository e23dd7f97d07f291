package tokyo.seisei.operator.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Compose writes them: {@code 1m30s}, {@code 10s}, {@code 500ms}, {@code 1h}; a bare number is seconds. */
public final class ComposeDuration {

    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m|h)");
    private static final Pattern WHOLE = Pattern.compile("(?:[0-9]+(?:\\.[0-9]+)?(?:ns|us|ms|s|m|h))+");

    private ComposeDuration() {
    }

    /** Throws IllegalArgumentException naming the accepted form. */
    public static Duration parse(String text) {
        String value = text.trim();
        if (value.matches("[0-9]+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        if (!WHOLE.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 10s, 1m30s or 500ms");
        }
        double nanos = 0;
        Matcher m = PART.matcher(value);
        while (m.find()) {
            double amount = Double.parseDouble(m.group(1));
            nanos += amount * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
        return Duration.ofNanos((long) nanos);
    }
}
