package tokyo.seisei.operator.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import tokyo.seisei.operator.docker.DockerFailure;

/**
 * Whether the engine answers, as readiness probes ask it: one request at a time, its answer kept for {@link #FRESH}.
 * A probe that comes while a request is under way gets the last answer for {@link #PATIENCE}, then (or at once
 * when there is none) a failure saying for how long the engine has not answered. Probes never pile up on an engine
 * that hangs, each holding an HTTP worker for the response timeout, nor cost the engine more than a request every
 * few seconds.
 */
public final class EngineProbe {

    static final Duration FRESH = Duration.ofSeconds(5);
    static final Duration PATIENCE = Duration.ofSeconds(5);

    /** @param text the engine's version when it answered, else why not */
    public record Answer(boolean answered, String text, Instant at) {
    }

    private final Supplier<String> serverVersion;
    private final Clock clock;
    /** When the request under way was sent; null while none is. */
    private final AtomicReference<Instant> asking = new AtomicReference<>();
    private volatile Answer last;

    /** @param serverVersion asks the engine for its version; throws {@link DockerFailure} when it cannot */
    public EngineProbe(Supplier<String> serverVersion, Clock clock) {
        this.serverVersion = serverVersion;
        this.clock = clock;
    }

    public Answer answer() {
        Instant now = clock.instant();
        Answer known = last;
        if (known != null && now.isBefore(known.at().plus(FRESH))) {
            return known;
        }
        if (!asking.compareAndSet(null, now)) {
            Instant since = asking.get();
            if (since == null) { // the request ended meanwhile
                return last != null ? last : new Answer(false, "the Docker engine is being asked", now);
            }
            if (known != null && now.isBefore(since.plus(PATIENCE))) {
                return known;
            }
            return new Answer(false, "the Docker engine has not answered for " + Duration.between(since, now).toSeconds()
                    + "s", now);
        }
        try {
            last = new Answer(true, serverVersion.get(), clock.instant());
        } catch (DockerFailure e) {
            last = new Answer(false, e.getMessage(), clock.instant());
        } finally {
            asking.set(null);
        }
        return last;
    }
}
