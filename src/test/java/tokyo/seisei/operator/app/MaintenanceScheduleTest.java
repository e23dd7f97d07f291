package tokyo.seisei.operator.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MaintenanceScheduleTest {

    static final ZoneId UTC = ZoneOffset.UTC;
    /** A Thursday. */
    static final Instant THURSDAY_NOON = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void aQuartzCronRunsAtItsTimesInTheHostsZone() {
        MaintenanceSchedule schedule = MaintenanceSchedule.parse("0 15 2 * * ?", UTC);
        assertEquals(Optional.of("0 15 2 * * ?"), schedule.cron());
        assertEquals(Optional.of(Instant.parse("2026-11-27T02:15:00Z")), schedule.nextAfter(THURSDAY_NOON));
        assertEquals(Optional.of(Instant.parse("2026-11-26T17:15:00Z")),
                MaintenanceSchedule.parse("0 15 2 * * ?", ZoneId.of("Asia/Tokyo")).nextAfter(THURSDAY_NOON));
    }

    @Test
    void dailyWeeklyAndNeverAreShorthands() {
        assertEquals(Optional.of(Instant.parse("2026-11-27T03:30:00Z")),
                MaintenanceSchedule.parse("Daily", UTC).nextAfter(THURSDAY_NOON));
        assertEquals(Optional.of(Instant.parse("2026-11-29T03:30:00Z")),
                MaintenanceSchedule.parse("weekly", UTC).nextAfter(THURSDAY_NOON), "a Sunday");
        MaintenanceSchedule never = MaintenanceSchedule.parse("never", UTC);
        assertEquals(Optional.empty(), never.cron());
        assertEquals(Optional.empty(), never.nextAfter(THURSDAY_NOON));
        assertFalse(never.missed(Optional.empty(), THURSDAY_NOON), "never has nothing to make up for");
    }

    @Test
    void aBadExpressionIsAnErrorNamingTheSetting() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> MaintenanceSchedule.parse("*/5 * * * *", UTC));
        assertTrue(wrong.getMessage().startsWith("operator.maintenance.schedule must be daily, weekly, never or a Quartz"
                + " cron expression (seconds minutes hours day-of-month month day-of-week, e.g. 0 30 3 * * ?), not */5 * * * *: "),
                wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MaintenanceSchedule.parse("hourly", UTC));
        assertThrows(IllegalArgumentException.class, () -> MaintenanceSchedule.parse("0 30 25 * * ?", UTC));
    }

    @Test
    void aRunIsMissedWhenOneFellBetweenTheLastAndNow() {
        MaintenanceSchedule daily = MaintenanceSchedule.parse("daily", UTC);
        Instant lastRun = Instant.parse("2026-11-26T03:30:00Z");
        assertFalse(daily.missed(Optional.of(lastRun), THURSDAY_NOON), "the next one is tomorrow");
        assertFalse(daily.missed(Optional.of(lastRun), Instant.parse("2026-11-27T03:29:59Z")));
        assertTrue(daily.missed(Optional.of(lastRun), Instant.parse("2026-11-27T03:30:00Z")));
        assertTrue(daily.missed(Optional.of(lastRun), Instant.parse("2026-11-30T09:00:00Z")), "several count as one");
        assertTrue(daily.missed(Optional.empty(), THURSDAY_NOON), "none recorded: a first start runs it");
    }
}
