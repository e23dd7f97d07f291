package tokyo.seisei.operator.app;

import java.time.Duration;
import java.time.Instant;
import tokyo.seisei.operator.engine.RetryPolicy;

/** The daemon's wait between passes that could not reach the engine, by the retry policy; a good pass resets it. */
final class Backoff {

    private final RetryPolicy policy;
    private int failures;
    private Instant notBefore = Instant.MIN;

    Backoff(RetryPolicy policy) {
        this.policy = policy;
    }

    synchronized boolean ready(Instant now) {
        return !now.isBefore(notBefore);
    }

    synchronized Duration failed(Instant now) {
        failures++;
        Duration wait = policy.delay(failures);
        notBefore = now.plus(wait);
        return wait;
    }

    synchronized void succeeded() {
        failures = 0;
        notBefore = Instant.MIN;
    }
}
