package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    static Stream<Signal> signals() {
        return Boolean.getBoolean("reliability.full") ? Stream.of(Signal.values()) : Stream.of(Signal.KILL);
    }

    @ParameterizedTest(name = "{0} during the backup of a deploy")
    @MethodSource("signals")
    void aDeployCutShortDuringItsBackupIsDoneAtTheNextStartWithTheDatabaseWhole(Signal signal) throws Exception {
        long started = System.nanoTime();
        Path desired = Files.createDirectories(root.resolve("desired-state"));
        Path state = Files.createDirectories(root.resolve("state"));
        Lab.write(desired, stack, StackFixtures.exactWebAndDatabase(stack, "15-a", port));
        assertEquals(0, operator(desired, state).run("reconcile", stack).exitCode());
        fillDatabase();
        Lab.write(desired, stack, StackFixtures.exactWebAndDatabase(stack, "15-b", port));

        Path held = root.resolve("held");
        daemon = operator(desired, state).with("OPERATOR_TEST_HOLD_AT", "backup")
                .with("OPERATOR_TEST_HOLD_FILE", held.toString()).start(root.resolve("held.log"), "run");
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(held));
        stop(daemon, signal);
        daemon = operator(desired, state).start(root.resolve("after.log"), "run");
        StatusStore statuses = new StatusStore(new StateLayout(state));
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> {
            StackStatus status = statuses.read(stack).orElseThrow();
            assertEquals(Phase.Ready, status.phase(), status.message());
            assertEquals("15-b", status.currentVersion());
            assertFalse(Files.exists(state.resolve("operations").resolve(stack + ".json")), "operation record left behind");
        });
        assertEquals(ROWS, rows(), "the database volume is whole");
        assertEquals(List.of(stack + "-db", stack + "-web"), running());
        assertTrue(kept().size() <= 2, "kept containers beyond keep-previous: " + kept());
        assertEquals(1, history(state).stream().filter(l -> l.contains(" | deploy | 15-b | ")).count(), () -> history(state).toString());
        SUMMARY.add(String.format("| %-14s | %-4s | %-4s | %-8s | %-11s | %5.1f s |", "backup", "GOOD", signal, Phase.Ready,
                "15-b", (System.nanoTime() - started) / 1e9));
    }

    @ParameterizedTest(name = "{0} during a restore")
    @MethodSource("signals")
    void aRestoreCutShortLeavesTheDatabaseWholeAndTheStackFailedNamingTheSafetyBackup(Signal signal) throws Exception {
        long started = System.nanoTime();
        Path desired = Files.createDirectories(root.resolve("desired-state"));
        Path state = Files.createDirectories(root.resolve("state"));
        Lab.write(desired, stack, StackFixtures.exactWebAndDatabase(stack, "15-a", port));
        assertEquals(0, operator(desired, state).run("reconcile", stack).exitCode());
        fillDatabase();
        Lab.Result backup = operator(desired, state).run("backup", stack);
        assertEquals(0, backup.exitCode(), backup.errors());
        String id = Path.of(backup.output().lines().findFirst().orElseThrow().strip()).getFileName().toString();
        psql("delete from items where id <= 1000");
        assertEquals(0, operator(desired, state).run("pause", stack, "--reason", "restore").exitCode());

        Path held = root.resolve("held");
        Process restore = operator(desired, state).with("OPERATOR_TEST_HOLD_AT", "restore")
                .with("OPERATOR_TEST_HOLD_FILE", held.toString()).start(root.resolve("restore.log"), "restore", stack, id);
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(held));
        stop(restore, signal);

        assertEquals(1, operator(desired, state).run("reconcile", stack).exitCode(), "reconcile exits 1: the stack is Failed");
        StackStatus status = new StatusStore(new StateLayout(state)).read(stack).orElseThrow();
        assertEquals(Phase.Failed, status.phase(), status.message());
        assertTrue(status.message().contains("the restore of backup " + id + " was cut short"), status.message());
        assertTrue(status.message().contains("stackctl restore " + stack + " "), "names the safety backup: " + status.message());
        assertEquals(ROWS - 1000, rows(), "one transaction: the database is as it was before the restore, not half of it");
        assertEquals(1, history(state).stream().filter(l -> l.contains(" | restore | ") && l.contains(" | fail | ")
                && l.contains("resumed after restart")).count(), () -> history(state).toString());
        assertFalse(Files.exists(state.resolve("operations").resolve(stack + ".json")), "operation record left behind");
        assertEquals(1, operator(desired, state).run("reconcile", stack).exitCode());
        assertEquals(Phase.Failed, new StatusStore(new StateLayout(state)).read(stack).orElseThrow().phase(),
                "still Failed after another pass");
        SUMMARY.add(String.format("| %-14s | %-4s | %-4s | %-8s | %-11s | %5.1f s |", "restore", "GOOD", signal, Phase.Failed,
                "15-a", (System.nanoTime() - started) / 1e9));
    }

    @Test
    void anEngineThatGoesAwayMidDeployAndComesBackConverges() throws Exception {
        Path desired = Files.createDirectories(root.resolve("desired-state"));
        Path state = Files.createDirectories(root.resolve("state"));
        Path socket = root.resolve("docker.sock");
        Lab.write(desired, stack, smokedStack(V1));
        Process proxy = EngineProxy.start(socket);
        try {
            Stackctl viaProxy = operator(desired, state).with("DOCKER_HOST", "unix://" + socket);
            assertEquals(0, viaProxy.run("reconcile", stack).exitCode());
            Lab.write(desired, stack, smokedStack("sha-2b3c4d5"));
            daemon = viaProxy.start(root.resolve("daemon.log"), "run");
            await().atMost(Duration.ofSeconds(60)).until(() -> names("status=running").stream()
                    .anyMatch(n -> n.contains("-previous-")) || Lab.get(port, "/version").endsWith("sha-2b3c4d5"));
            EngineProxy.cut(proxy);
            StatusStore statuses = new StatusStore(new StateLayout(state));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertTrue(statuses.read(stack).orElseThrow().message()
                    .contains("cannot be reached") || statuses.read(stack).orElseThrow().message().contains("waits for the engine"),
                    statuses.read(stack).orElseThrow().message()));
            proxy = EngineProxy.start(socket);
            await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> {
                StackStatus status = statuses.read(stack).orElseThrow();
                assertEquals(Phase.Ready, status.phase(), status.message());
                assertEquals("sha-2b3c4d5", status.currentVersion());
                assertFalse(Files.exists(state.resolve("operations").resolve(stack + ".json")));
            });
            assertEquals("200 sha-2b3c4d5", Lab.get(port, "/version"));
            assertEquals(List.of(stack + "-web"), running());
            assertTrue(kept().size() <= 1, kept().toString());
            SUMMARY.add(String.format("| %-14s | %-4s | %-4s | %-8s | %-11s | %7s |", "engine lost", "GOOD", "-", Phase.Ready,
                    "sha-2b3c4d5", ""));
        } finally {
            EngineProxy.cut(proxy);
        }
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

    private List<String> history(Path state) {
        Path log = state.resolve("deploy-history.log");
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final int ROWS = 100_000;

    private void fillDatabase() {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> psql("select 1").equals("1"));
        psql("create table items (id int primary key, body text)");
        psql("insert into items select g, md5(g::text) || md5((g * 7)::text) from generate_series(1, " + ROWS + ") g");
    }

    private int rows() {
        return Integer.parseInt(psql("select count(*) from items"));
    }

    private String psql(String sql) {
        return Lab.docker("exec", stack + "-db", "psql", "-U", "postgres", "-d", "shop", "-tA", "-c", sql);
    }

    private String smokedStack(String version) {
        return StackFixtures.smokedApp(stack, version, port, "8s");
    }
}
