package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until the test moves it; UTC, so history lines read the same everywhere. */
public final class MovableClock extends Clock {

    private Instant now;

    public MovableClock(String start) {
        this.now = Instant.parse(start);
    }

    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }

    public synchronized void set(String instant) {
        now = Instant.parse(instant);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
