package tokyo.seisei.operator.app;

import java.time.Duration;
import java.time.Instant;

/** Exponential backoff between failed passes: 2s, 4s, 8s ... capped at 5 minutes; a good pass resets it. */
final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(2);
    static final Duration CAP = Duration.ofMinutes(5);

    private int failures;
    private Instant notBefore = Instant.MIN;

    synchronized boolean ready(Instant now) {
        return !now.isBefore(notBefore);
    }

    synchronized Duration failed(Instant now) {
        failures++;
        Duration wait = FIRST.multipliedBy(1L << Math.min(failures - 1, 20));
        if (wait.compareTo(CAP) > 0) {
            wait = CAP;
        }
        notBefore = now.plus(wait);
        return wait;
    }

    synchronized void succeeded() {
        failures = 0;
        notBefore = Instant.MIN;
    }
}
