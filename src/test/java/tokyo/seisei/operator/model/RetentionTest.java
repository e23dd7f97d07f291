package tokyo.seisei.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionTest {

    @Test
    void daysHoursMinutesSecondsAndTheirSums() {
        assertEquals(Duration.ofDays(30), Retention.parse("30d"));
        assertEquals(Duration.ofHours(12), Retention.parse("12h"));
        assertEquals(Duration.ofMinutes(90), Retention.parse("90m"));
        assertEquals(Duration.ofSeconds(3600), Retention.parse("3600s"));
        assertEquals(Duration.ofHours(36), Retention.parse("1d12h"));
        assertEquals(Duration.ofDays(7), Retention.parse(" 7d "));
    }

    @Test
    void anythingElseIsRefusedNamingTheForm() {
        for (String bad : new String[] {"30", "30 d", "d", "1.5d", "30D", "1w", "-1d", "", "30days"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Retention.parse(bad), bad);
            assertEquals("'" + bad + "' is not a retention such as 30d, 12h, 90m or 3600s", e.getMessage());
        }
        assertEquals("'0s' keeps nothing: a retention must be longer than zero",
                assertThrows(IllegalArgumentException.class, () -> Retention.parse("0s")).getMessage());
    }
}
