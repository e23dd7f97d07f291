package tokyo.seisei.operator.engine;

import java.time.Duration;

/**
 * How long to wait before trying again after the n-th failure in a row: {@code first}, doubling each time, never
 * more than {@code cap}. One policy for a stack's transient failures and for the daemon's passes.
 */
public record RetryPolicy(Duration first, Duration cap) {

    /** 2 s, 4 s, 8 s ... at most 5 minutes. */
    public static final RetryPolicy STANDARD = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(5));

    /** @param failures how many attempts in a row failed, from 1 */
    public Duration delay(int failures) {
        Duration wait = first.multipliedBy(1L << Math.min(Math.max(failures, 1) - 1, 30));
        return wait.compareTo(cap) > 0 ? cap : wait;
    }
}
