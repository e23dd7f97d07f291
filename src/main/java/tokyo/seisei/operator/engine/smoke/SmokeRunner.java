package tokyo.seisei.operator.engine.smoke;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.model.ComposeDuration;
import tokyo.seisei.operator.model.HostPort;
import tokyo.seisei.operator.model.SmokeSpec;

/**
 * Runs the smoke of a stack: every service's container runs, stays running and is healthy where it has a
 * healthcheck, and every check of spec.smoke passes, all in one attempt. Attempts start every interval until
 * one passes or no further attempt can start before the deadline. Between attempts the containers are watched
 * every second, so one that exits or restarts ends the smoke at once. Each try of a check is bounded by the time
 * left, and by {@link #ATTEMPT_TIMEOUT}, so a smoke never runs past its deadline by more than the engine's answer
 * to one inspect.
 *
 * <p>Once every check passes, the containers are still watched for {@code stableFor} (within the deadline): a
 * container that starts, answers, and exits a moment later fails the smoke, as Docker swarm's update monitor does.
 *
 * <p>A transient engine failure ({@link tokyo.seisei.operator.docker.DockerFailure#transientFailure()}) is thrown,
 * not turned into a verdict: whether the stack works is then unknown.
 */
public final class SmokeRunner {

    /** Waits; unit tests swap in one that moves a fake clock. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Thrown by a sleeper when the operator stops: the smoke ends without a verdict. */
    public static final class Cancelled extends RuntimeException {
        public Cancelled() {
            super("the operator stops");
        }
    }

    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration WATCH_EVERY = Duration.ofSeconds(1);

    private final DockerEngine docker;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration stableFor;
    /** made at the first HTTP check: a client starts a selector thread and sets up TLS, which a daemon whose stacks
     * are all settled never needs */
    private HttpClient http;

    /** @param stableFor how long the containers must keep running once every check passed */
    public SmokeRunner(DockerEngine docker, Clock clock, Duration stableFor) {
        this(docker, clock, duration -> Thread.sleep(duration.toMillis()), stableFor);
    }

    public SmokeRunner(DockerEngine docker, Clock clock, Sleeper sleeper, Duration stableFor) {
        this.docker = docker;
        this.clock = clock;
        this.sleeper = sleeper;
        this.stableFor = stableFor;
    }

    /** @param smoke the stack's spec.smoke, or null: then the containers alone are checked, with the default timeout */
    public SmokeResult run(DesiredStack desired, SmokeSpec smoke) {
        SmokeSpec spec = smoke == null ? new SmokeSpec(null, null, null) : smoke;
        List<SmokeCheck> containers = new ArrayList<>();
        desired.services().forEach(s -> containers.add(new ContainerCheck(docker, s.name(), s.spec().name(),
                desired.secretValues())));
        List<SmokeCheck> probes = new ArrayList<>();
        spec.checks().forEach(check -> probes.add(probe(desired, check)));
        return run(containers, probes, ComposeDuration.parse(spec.timeoutOrDefault()),
                ComposeDuration.parse(spec.intervalOrDefault()));
    }

    private synchronized HttpClient httpClient() {
        if (http == null) {
            http = HttpCheck.newClient();
        }
        return http;
    }

    private SmokeCheck probe(DesiredStack desired, SmokeSpec.Check check) {
        if (check.http() != null) {
            return new HttpCheck(httpClient(), check.http(), check.expectedStatus(), check.expectBody());
        }
        if (check.tcp() != null) {
            return new TcpCheck(HostPort.parse(check.tcp()));
        }
        DesiredStack.DesiredService service = desired.service(check.exec().service());
        if (service == null) {
            throw new IllegalArgumentException("smoke exec names '" + check.exec().service()
                    + "', which is not a service of stack " + desired.name());
        }
        return new ExecCheck(docker, service.name(), service.spec().name(), check.exec().command(), desired.secretValues());
    }

    SmokeResult run(List<SmokeCheck> containers, List<SmokeCheck> probes, Duration timeout, Duration interval) {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        Attempts attempts = new Attempts(clock, ATTEMPT_TIMEOUT, containers, probes);
        try {
            while (clock.instant().isBefore(deadline)) {
                Instant began = clock.instant();
                attempts.counted();
                Attempts.Verdict verdict = attempts.run(attempts.all(), deadline);
                if (verdict == Attempts.Verdict.PASSED) {
                    // watched in full even past the deadline: checks that pass late prove no more than early ones
                    Instant stableUntil = clock.instant().plus(stableFor);
                    return attempts.result(watch(attempts, stableUntil, stableUntil) == Attempts.Verdict.FATAL
                            ? Attempts.Verdict.FATAL : Attempts.Verdict.PASSED, start);
                }
                if (verdict == Attempts.Verdict.FATAL) {
                    return attempts.result(verdict, start);
                }
                Instant next = began.plus(interval);
                if (!next.isBefore(deadline) || watch(attempts, next, deadline) == Attempts.Verdict.FATAL) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return attempts.interrupted(start);
        } catch (Cancelled e) {
            return attempts.interrupted(start);
        }
        return attempts.result(attempts.fatal() ? Attempts.Verdict.FATAL : Attempts.Verdict.FAILED, start, timeout);
    }

    /** Waits until the next attempt, looking at the containers every second; FATAL as soon as one exits or restarts. */
    private Attempts.Verdict watch(Attempts attempts, Instant until, Instant deadline) throws InterruptedException {
        for (Instant now = clock.instant(); now.isBefore(until); now = clock.instant()) {
            Duration left = Duration.between(now, until);
            sleeper.sleep(left.compareTo(WATCH_EVERY) < 0 ? left : WATCH_EVERY);
            if (attempts.run(attempts.containers(), deadline) == Attempts.Verdict.FATAL) {
                return Attempts.Verdict.FATAL;
            }
        }
        return Attempts.Verdict.FAILED;
    }
}
