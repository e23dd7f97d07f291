package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/**
 * The operator killed (SIGKILL) or stopped (SIGTERM) at each named point of a real deploy, then started again: it
 * settles what it was doing and never calls a broken version Ready. Each case holds the packaged daemon at the
 * point ({@code operator.test.hold-at}), signals it there, starts it again, and checks what a person would:
 * the version served, the status, the containers, the history, the records left behind, the database.
 *
 * <p>{@code -Dreliability.full=true} (make reliability) runs every point with both signals; without it, a
 * representative half runs.
 */
class ReliabilityIT {

    /** What is wrong with the version deployed at the kill point. */
    enum Version { GOOD, BAD }

    enum Signal { KILL, TERM }

    private static final List<String> SUMMARY = new ArrayList<>();
    private static final String V1 = "sha-1a2b3c4";

    @TempDir
    Path root;

    final String stack = Lab.uniqueStack("rel");
    final int port = Lab.freePort();
    Process daemon;

    static Stream<Arguments> killPoints() {
        boolean full = Boolean.getBoolean("reliability.full");
        List<Arguments> cases = new ArrayList<>();
        String[][] points = {
                {"after-pull", "GOOD"}, {"after-rename", "GOOD"}, {"after-stop-old", "GOOD"}, {"after-create", "GOOD"},
                {"after-start", "GOOD"}, {"smoke", "GOOD"}, {"smoke", "BAD"}, {"rollback", "BAD"}};
        for (String[] point : points) {
            for (Signal signal : Signal.values()) {
                boolean representative = signal == Signal.KILL || point[0].equals("smoke") || point[0].equals("after-create");
                if (full || representative) {
                    cases.add(Arguments.of(point[0], Version.valueOf(point[1]), signal));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{2} at {0} of a {1} version")
    @MethodSource("killPoints")
    void aDeployCutShortIsSettledAtTheNextStart(String point, Version version, Signal signal) throws Exception {
        long started = System.nanoTime();
        Path desired = Files.createDirectories(root.resolve("desired-state"));
        Path state = Files.createDirectories(root.resolve("state"));
        Lab.write(desired, stack, smokedStack(V1));
        assertEquals(0, operator(desired, state).run("reconcile", stack).exitCode());
        String next = version == Version.GOOD ? "sha-2b3c4d5" : "sha-nohealth";
        Lab.write(desired, stack, smokedStack(next));

        Path held = root.resolve("held");
        daemon = operator(desired, state).with("OPERATOR_TEST_HOLD_AT", point)
                .with("OPERATOR_TEST_HOLD_FILE", held.toString()).start(root.resolve("held.log"), "run");
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(held));
        stop(daemon, signal);

        daemon = operator(desired, state).start(root.resolve("after.log"), "run");
        StatusStore statuses = new StatusStore(new StateLayout(state));
        Phase expected = version == Version.GOOD ? Phase.Ready : Phase.Degraded;
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            StackStatus status = statuses.read(stack).orElseThrow();
            assertEquals(expected, status.phase(), status.message());
            assertFalse(Files.exists(state.resolve("operations").resolve(stack + ".json")), "operation record left behind");
        });

        String served = version == Version.GOOD ? next : V1;
        assertEquals("200 " + served, Lab.get(port, "/version"), "the version served");
        assertEquals(served, statuses.read(stack).orElseThrow().currentVersion(), "the status says what runs");
        assertEquals(List.of(stack + "-web"), running(), "one container per service, running");
        assertTrue(kept().size() <= 1, "kept containers beyond keep-previous: " + kept());
        List<String> history = history(state);
        assertEquals(1, history.stream().filter(l -> l.contains(" | deploy | " + next + " | ")).count(), history::toString);
        if (version == Version.BAD) {
            assertEquals(1, history.stream().filter(l -> l.contains(" | rollback | " + V1 + " | success")).count(),
                    history::toString);
        }
        SUMMARY.add(String.format("| %-14s | %-4s | %-4s | %-8s | %-11s | %5.1f s |", point, version, signal,
                statuses.read(stack).orElseThrow().phase(), served, (System.nanoTime() - started) / 1e9));
    }

    @Test
    void aSecondDaemonOnTheSameStateDirIsRefused() throws Exception {
        Path desired = Files.createDirectories(root.resolve("desired-state"));
        Path state = Files.createDirectories(root.resolve("state"));
        Lab.write(desired, stack, smokedStack(V1));
        daemon = operator(desired, state).start(root.resolve("first.log"), "run");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(state.resolve("operator.lock"))
                && Files.readString(state.resolve("operator.lock")).startsWith("pid "));
        Lab.Result second = operator(desired, state).run("run");
        assertEquals(1, second.exitCode());
        assertTrue(second.errors().contains("another operator (pid " + daemon.pid() + ") holds " + state.toAbsolutePath()),
                second.errors());
    }

    @Test
    void aStoppedDaemonExitsCleanlyAndLeavesNoContainerHalfMade() throws Exception {
        Path desired = Files.createDirectories(root.resolve("desired-state"));
        Path state = Files.createDirectories(root.resolve("state"));
        Lab.write(desired, stack, smokedStack(V1));
        assertEquals(0, operator(desired, state).run("reconcile", stack).exitCode());
        Lab.write(desired, stack, smokedStack("sha-2b3c4d5"));
        Path held = root.resolve("held");
        Path log = root.resolve("stopped.log");
        daemon = operator(desired, state).with("OPERATOR_TEST_HOLD_AT", "after-create")
                .with("OPERATOR_TEST_HOLD_FILE", held.toString()).start(log, "run");
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(held));
        daemon.destroy();
        assertTrue(daemon.waitFor(90, TimeUnit.SECONDS), "the daemon exits within the shutdown timeout");
        assertEquals(0, daemon.exitValue(), "SIGTERM ends the daemon with exit code 0");
        String output = Files.readString(log);
        assertFalse(output.contains("Exception"), output);
        assertEquals("", Lab.docker("ps", "-a", "--filter", "label=tokyo.seisei.operator.stack=" + stack,
                "--filter", "status=created", "--format", "{{.Names}}"), "no container left created and not started");
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        Lab.cleanUp(stack);
    }

    @AfterAll
    static void printSummary() {
        if (!SUMMARY.isEmpty()) {
            System.out.println("reliability: | kill point     | ver  | sig  | phase    | serves      |    took |");
            SUMMARY.forEach(line -> System.out.println("reliability: " + line));
        }
    }

    /** The packaged operator on the test's folders, with a short stability window and poll. */
    private static Stackctl operator(Path desired, Path state) {
        return new Stackctl(desired, state).with("QUARKUS_HTTP_PORT", String.valueOf(Lab.freePort()))
                .with("OPERATOR_POLL_INTERVAL", "2s").with("OPERATOR_SMOKE_STABLE_FOR", "1s");
    }

    private static void stop(Process process, Signal signal) throws InterruptedException {
        if (signal == Signal.KILL) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the operator ends after " + signal);
    }

    private List<String> running() {
        return names("status=running").stream().filter(n -> !n.contains("-previous-")).toList();
    }

    private List<String> kept() {
        return names(null).stream().filter(n -> n.contains("-previous-")).toList();
    }

    private List<String> names(String filter) {
        List<String> args = new ArrayList<>(List.of("ps", "-a", "--filter", "label=tokyo.seisei.operator.stack=" + stack));
        if (filter != null) {
            args.addAll(List.of("--filter", filter));
        }
        args.addAll(List.of("--format", "{{.Names}}"));
        String out = Lab.docker(args.toArray(String[]::new));
        return out.isEmpty() ? List.of() : Arrays.stream(out.split("\n")).sorted().toList();
    }

    private List<String> history(Path state) throws IOException {
        Path log = state.resolve("deploy-history.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private String smokedStack(String version) {
        return """
                apiVersion: operator.seisei.tokyo/v1
                kind: Stack
                metadata:
                  name: %s
                spec:
                  environment: staging
                  version: %s
                  services:
                    web:
                      image: %s:${VERSION}
                      ports: ["127.0.0.1:%d:8080"]
                      restart: unless-stopped
                  smoke:
                    timeout: 8s
                    interval: 1s
                    checks:
                      - http: http://127.0.0.1:%d/health
                        expectBody: ok
                """.formatted(stack, version, Lab.APP, port, port);
    }
}
