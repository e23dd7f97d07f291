package tokyo.seisei.operator.engine.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.ExecResult;

/** The attempt loop on a fake clock: retries, deadline, fatal containers and health, the time each try gets. */
class SmokeRunnerTest {

    final FakeClock clock = new FakeClock();
    final List<Duration> sleeps = new ArrayList<>();
    final SmokeRunner.Sleeper sleeper = d -> {
        sleeps.add(d);
        clock.now = clock.now.plus(d);
    };
    final SmokeRunner runner = new SmokeRunner(null, clock, sleeper, Duration.ZERO);

    static final String HTTP = "http http://127.0.0.1:8080/health";
    static final CheckResult RUNNING = CheckResult.pass("web: running");
    static final CheckResult EXITED = CheckResult.fatal("web: container exited (exit code 1)");
    static final CheckResult OK = CheckResult.pass("http http://127.0.0.1:8080/health answered 200");
    static final CheckResult NOT_FOUND = CheckResult.fail("http http://127.0.0.1:8080/health answered 404, expected 200");

    SmokeResult run(List<SmokeCheck> containers, List<SmokeCheck> probes, String timeout, String interval) {
        return runner.run(containers, probes, Duration.parse("PT" + timeout), Duration.parse("PT" + interval));
    }

    @Test
    void passesAtTheFirstAttemptInWhichEveryCheckPasses() {
        SmokeResult result = run(List.of(new Scripted("web", RUNNING)), List.of(new Scripted(HTTP, OK)), "60s", "2s");
        assertTrue(result.passed());
        assertEquals("smoke passed in 0s (attempt 1, 2 check(s))", result.message());
        assertEquals(List.of(RUNNING, OK), result.checks());
        assertEquals(List.of(), sleeps);
    }

    @Test
    void triesAgainEveryIntervalUntilOneAttemptPassesEverything() {
        SmokeResult result = run(List.of(new Scripted("web", RUNNING)), List.of(new Scripted(HTTP, NOT_FOUND, NOT_FOUND, OK)), "60s", "2s");
        assertTrue(result.passed(), result.message());
        assertEquals("smoke passed in 4s (attempt 3, 2 check(s))", result.message());
        assertEquals(Duration.ofSeconds(4), result.duration());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), sleeps,
                "the containers are watched every second between attempts");
    }

    @Test
    void failsWithTheReasonsOfTheLastAttemptWhenNoFurtherAttemptFitsBeforeTheDeadline() {
        SmokeResult result = run(List.of(new Scripted("web", RUNNING)), List.of(new Scripted(HTTP, NOT_FOUND)), "5s", "2s");
        assertFalse(result.passed());
        assertEquals("smoke failed: not passed within 5s (3 attempt(s)): "
                + "http http://127.0.0.1:8080/health answered 404, expected 200", result.message());
        assertEquals(Duration.ofSeconds(4), result.duration(), "attempts at 0s, 2s and 4s; one at 6s would be too late");
    }

    @Test
    void aContainerThatExitsBetweenAttemptsEndsTheSmokeAtOnce() {
        SmokeResult result = run(List.of(new Scripted("web", RUNNING, EXITED)), List.of(new Scripted(HTTP, NOT_FOUND)), "60s", "10s");
        assertFalse(result.passed());
        assertEquals("smoke failed after 1s: web: container exited (exit code 1); "
                + "http http://127.0.0.1:8080/health answered 404, expected 200", result.message());
        assertEquals(Duration.ofSeconds(1), result.duration());
    }

    @Test
    void aContainerThatExitsSoonAfterEveryCheckPassedFailsTheSmoke() {
        SmokeRunner watchful = new SmokeRunner(null, clock, sleeper, Duration.ofSeconds(5));
        SmokeResult result = watchful.run(List.of(new Scripted("web", RUNNING, RUNNING, RUNNING, EXITED)),
                List.of(new Scripted(HTTP, OK)), Duration.ofSeconds(60), Duration.ofSeconds(2));
        assertFalse(result.passed());
        assertEquals("smoke failed after 3s: web: container exited (exit code 1)", result.message());
    }

    @Test
    void containersThatKeepRunningPassOnceTheyWereStableLongEnough() {
        SmokeRunner watchful = new SmokeRunner(null, clock, sleeper, Duration.ofSeconds(5));
        SmokeResult result = watchful.run(List.of(new Scripted("web", RUNNING)), List.of(new Scripted(HTTP, OK)),
                Duration.ofSeconds(60), Duration.ofSeconds(2));
        assertTrue(result.passed(), result.message());
        assertEquals(Duration.ofSeconds(5), result.duration());
    }

    @Test
    void checksThatPassJustBeforeTheDeadlineAreStillFollowedByTheWholeStabilityWindow() {
        SmokeRunner watchful = new SmokeRunner(null, clock, sleeper, Duration.ofSeconds(5));
        SmokeResult result = watchful.run(List.of(new Scripted("web", RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, EXITED)),
                List.of(new Scripted(HTTP, NOT_FOUND, OK)), Duration.ofSeconds(3), Duration.ofSeconds(2));
        assertFalse(result.passed(), "passed at 2s of a 3s smoke, exited at 4s: within the 5s window");
        assertEquals("smoke failed after 4s: web: container exited (exit code 1)", result.message());
    }

    @Test
    void aContainerFoundExitedAtTheFirstLookFailsWithoutTryingTheChecks() {
        Scripted probe = new Scripted(HTTP, OK);
        SmokeResult result = run(List.of(new Scripted("web", EXITED)), List.of(probe), "60s", "2s");
        assertEquals("smoke failed after 0s: web: container exited (exit code 1)", result.message());
        assertEquals(List.of(EXITED, CheckResult.fail(HTTP + ": not tried")), result.checks());
        assertEquals(List.of(), probe.timeouts);
    }

    @Test
    void eachTryIsBoundedByTheTimeLeftAndByFiveSeconds() {
        Scripted hanging = new Scripted("http http://127.0.0.1:9/", CheckResult.fail("http http://127.0.0.1:9/: no answer")).taking(Duration.ofMinutes(1));
        SmokeResult result = run(List.of(), List.of(hanging), "7s", "2s");
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(2)), hanging.timeouts);
        assertEquals(Duration.ofSeconds(7), result.duration(), "the smoke ends at its deadline");
    }

    @Test
    void aCheckWithNoTimeLeftKeepsItsLastResultOrSaysItWasNotTried() {
        Scripted hanging = new Scripted("exec web: sleep 30", CheckResult.fail("exec web: sleep 30: not finished")).taking(Duration.ofMinutes(1));
        Scripted tcp = new Scripted("tcp 127.0.0.1:5432", CheckResult.pass("tcp 127.0.0.1:5432 accepted a connection"));
        SmokeResult result = run(List.of(), List.of(hanging, tcp), "3s", "1s");
        assertEquals(Duration.ofSeconds(3), result.duration());
        assertEquals("smoke failed: not passed within 3s (1 attempt(s)): exec web: sleep 30: not finished; "
                + "tcp 127.0.0.1:5432: not tried before the deadline", result.message());
    }

    @Test
    void aContainerWhoseHealthTurnsUnhealthyEndsTheSmokeAtOnceQuotingItsHealthcheck() {
        DockerEngine docker = inspecting(web("starting", null), web("starting", null),
                web("unhealthy", "wget: server returned error: HTTP/1.1 404 Not Found\n"));
        SmokeResult result = run(List.of(new ContainerCheck(docker, "web", "shop-web", Set.of())), List.of(new Scripted(HTTP, NOT_FOUND)),
                "60s", "2s");
        assertFalse(result.passed());
        assertEquals("smoke failed after 2s: web: health is unhealthy: wget: server returned error: HTTP/1.1 404 Not Found; "
                + "http http://127.0.0.1:8080/health answered 404, expected 200", result.message());
        assertEquals(Duration.ofSeconds(2), result.duration(), "found at the second look between attempts, not at the deadline");
    }

    @Test
    void aHealthThatIsStillStartingIsTriedAgainUntilTheDeadline() {
        DockerEngine docker = inspecting(web("starting", null));
        SmokeResult result = run(List.of(new ContainerCheck(docker, "web", "shop-web", Set.of())), List.of(), "5s", "2s");
        assertFalse(result.passed());
        assertEquals("smoke failed: not passed within 5s (3 attempt(s)): web: health is starting", result.message());
    }

    @Test
    void aHealthThatTurnsHealthyPassesAtTheNextAttempt() {
        DockerEngine docker = inspecting(web("starting", null), web("healthy", "ok"));
        SmokeResult result = run(List.of(new ContainerCheck(docker, "web", "shop-web", Set.of())), List.of(new Scripted(HTTP, OK)),
                "60s", "2s");
        assertTrue(result.passed(), result.message());
    }

    @Test
    void aSecretTheHealthcheckPrintedIsMaskedWholeEvenAcrossTheCut() {
        String secret = "hunter2-secret-value";
        DockerEngine docker = inspecting(web("unhealthy", "x".repeat(190) + " " + secret + "\n"));
        SmokeResult result = run(List.of(new ContainerCheck(docker, "web", "shop-web", Set.of(secret))), List.of(), "60s", "2s");
        assertEquals("smoke failed after 0s: web: health is unhealthy: " + "x".repeat(190) + " ****", result.message());
    }

    @Test
    void anExecChecksStderrIsMaskedBeforeItIsCutAndEscapedAfter() {
        String secret = "s3cr3t-token-value";
        DockerEngine docker = (DockerEngine) Proxy.newProxyInstance(SmokeRunnerTest.class.getClassLoader(),
                new Class<?>[] {DockerEngine.class}, (proxy, method, args) -> {
                    if (method.getName().equals("exec")) {
                        return new ExecResult(1, "first line\n" + "y".repeat(195) + secret + " \u001b[2J\n");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        ExecCheck check = new ExecCheck(docker, "web", "shop-web", List.of("check"), Set.of("s3cr", secret));
        assertEquals("exec web: check exited 1: " + "y".repeat(195) + "**** ...", check.attempt(Duration.ofSeconds(5)).line());

        ExecCheck escaping = new ExecCheck((DockerEngine) Proxy.newProxyInstance(SmokeRunnerTest.class.getClassLoader(),
                new Class<?>[] {DockerEngine.class}, (proxy, method, args) -> new ExecResult(2, "bad \u001b[2J\u0007 end")),
                "web", "shop-web", List.of("check"), Set.of());
        assertEquals("exec web: check exited 2: bad \\u001b[2J\\u0007 end", escaping.attempt(Duration.ofSeconds(5)).line());
    }

    static ContainerDetails web(String health, String healthOutput) {
        return new ContainerDetails("id-web", "shop-web", "image", "sha256:1", "running", health, healthOutput, 0, 0, "no",
                Map.of(), Map.of(), "{}");
    }

    /** An engine whose inspect of shop-web answers from a script, its last answer for ever; nothing else is used. */
    static DockerEngine inspecting(ContainerDetails... script) {
        AtomicInteger looks = new AtomicInteger();
        return (DockerEngine) Proxy.newProxyInstance(SmokeRunnerTest.class.getClassLoader(), new Class<?>[] {DockerEngine.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("inspectContainer") && "shop-web".equals(args[0])) {
                        return Optional.of(script[Math.min(looks.getAndIncrement(), script.length - 1)]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Answers from a script, its last answer for ever; moves the clock by the time a try takes. */
    final class Scripted implements SmokeCheck {
        final List<CheckResult> script;
        final List<Duration> timeouts = new ArrayList<>();
        Duration takes = Duration.ZERO;
        int tries;

        final String label;

        Scripted(String label, CheckResult... script) {
            this.label = label;
            this.script = List.of(script);
        }

        Scripted taking(Duration takes) {
            this.takes = takes;
            return this;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public CheckResult attempt(Duration timeout) {
            timeouts.add(timeout);
            clock.now = clock.now.plus(takes.compareTo(timeout) < 0 ? takes : timeout);
            return script.get(Math.min(tries++, script.size() - 1));
        }
    }

    static final class FakeClock extends Clock {
        Instant now = Instant.parse("2025-06-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
