package tokyo.seisei.operator.app;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code operator.maintenance.schedule}: when the daemon runs the maintenance plan. A Quartz cron expression, as the
 * Quarkus scheduler reads it (seconds first: {@code 0 30 3 * * ?} is 03:30 every day, in the host's time zone), or
 * {@code daily}, {@code weekly} (Sunday) at 03:30, or {@code never}.
 */
public final class MaintenanceSchedule {

    static final String DAILY = "0 30 3 * * ?";
    static final String WEEKLY = "0 30 3 ? * SUN";
    private static final String NEVER = "never";
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final String cron;
    private final ExecutionTime times;
    private final ZoneId zone;

    private MaintenanceSchedule(String cron, ExecutionTime times, ZoneId zone) {
        this.cron = cron;
        this.times = times;
        this.zone = zone;
    }

    /** The setting read; else a one-line error naming it, the rule and what was wrong. */
    public static MaintenanceSchedule parse(String text, ZoneId zone) {
        String word = text.strip().toLowerCase(Locale.ROOT);
        if (word.equals(NEVER)) {
            return new MaintenanceSchedule(null, null, zone);
        }
        String cron = switch (word) {
            case "daily" -> DAILY;
            case "weekly" -> WEEKLY;
            default -> text.strip();
        };
        try {
            return new MaintenanceSchedule(cron, ExecutionTime.forCron(QUARTZ.parse(cron).validate()), zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("operator.maintenance.schedule must be daily, weekly, never or a Quartz cron"
                    + " expression (seconds minutes hours day-of-month month day-of-week, e.g. " + DAILY + "), not "
                    + text + ": " + e.getMessage());
        }
    }

    /** The cron expression (Quartz syntax, with seconds); empty for never. */
    public Optional<String> cron() {
        return Optional.ofNullable(cron);
    }

    /** The first run after the instant given; empty for never, or a cron that has no run left. */
    public Optional<Instant> nextAfter(Instant instant) {
        return times == null ? Optional.empty()
                : times.nextExecution(instant.atZone(zone)).map(next -> next.toInstant());
    }

    /** Whether a run fell between the last one recorded (none: any) and now: the daemon was down at that time. */
    public boolean missed(Optional<Instant> lastRun, Instant now) {
        if (times == null) {
            return false;
        }
        return lastRun.isEmpty() || nextAfter(lastRun.get()).filter(next -> !next.isAfter(now)).isPresent();
    }

    @Override
    public String toString() {
        return cron == null ? NEVER : cron;
    }
}
