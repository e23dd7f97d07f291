package tokyo.seisei.operator.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** {@code operator.maintenance.image-cleanup}: how often the daemon removes the images nothing needs. */
public enum ImageCleanupSchedule {
    DAILY(Duration.ofDays(1)),
    WEEKLY(Duration.ofDays(7)),
    /** never, not even by {@code stackctl maintenance} */
    NEVER(null);

    private final Duration every;

    ImageCleanupSchedule(Duration every) {
        this.every = every;
    }

    /** Time between two cleanups, or empty for never. */
    public Optional<Duration> every() {
        return Optional.ofNullable(every);
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** daily, weekly or never, in any case; else a one-line error naming the setting. */
    public static ImageCleanupSchedule parse(String text) {
        return Arrays.stream(values()).filter(s -> s.word().equals(text.strip().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "operator.maintenance.image-cleanup must be daily, weekly or never, not " + text));
    }
}
