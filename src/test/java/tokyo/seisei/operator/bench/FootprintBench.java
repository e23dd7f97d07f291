package tokyo.seisei.operator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.bench.BenchResults.median;
import static tokyo.seisei.operator.bench.BenchResults.seconds;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.bench.BenchResults.Verdict;
import tokyo.seisei.operator.engine.ContainerListing;
import tokyo.seisei.operator.engine.StateFileWatch;
import tokyo.seisei.operator.it.Lab;
import tokyo.seisei.operator.it.LabExtension;
import tokyo.seisei.operator.it.OperatorUnderTest;
import tokyo.seisei.operator.it.StackFixtures;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/**
 * {@code make bench}: what the operator costs at 100 stacks. The stacks' first converge and a no-op pass (CPU and
 * Docker API requests) in this JVM; then the packaged daemon and {@code stackctl status} as a person starts them,
 * through the launcher ({@code src/bin/stackctl}, its JVM options) and, for comparison, as a plain
 * {@code java -jar}: start → ready, resident memory, idle CPU, a command's wall time. Asserts only that the stacks
 * converged and the commands succeeded.
 */
class FootprintBench {

    static final int STACKS = Integer.getInteger("bench.footprint.stacks", 100);
    static final int STARTS = 3;
    static final int COMMANDS = 5;
    static final int PASSES = 50;
    /** A daemon on a 15 s poll has made 100 passes 25 minutes after its start: the CPU of a pass after that. */
    static final int WARM_UP_PASSES = 100;
    static final Duration IDLE_WINDOW = Duration.ofSeconds(45);
    static final Duration IDLE_SETTLE = Duration.ofSeconds(60);
    static final Path LAUNCHER = Path.of("src/bin/stackctl");
    static final Path JAR = Path.of(System.getProperty("operator.jar", "target/quarkus-app/quarkus-run.jar"));
    /** The launcher looks for quarkus-app/ in STACK_OPERATOR_HOME: here, target/. */
    static final Path HOME = JAR.toAbsolutePath().getParent().getParent();
    static final long CLOCK_TICKS = 100;

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String inProcessPass = "";
    private int leftAlonePerPass;
    private String inProcessRequests = "";
    private boolean requestsConstant;

    @Test
    void hundredStacks() throws Exception {
        OperatorUnderTest operator = lab.operator();
        List<String> stacks = new ArrayList<>();
        for (int i = 0; i < STACKS; i++) {
            String stack = lab.stack("fp" + i);
            stacks.add(stack);
            int port = Lab.freePort();
            // no published port: a hundred free ports asked for at once are not all distinct
            operator.write(stack, StackFixtures.app(stack, "sha-1a2b3c4", port)
                    .replace("      ports: [\"127.0.0.1:" + port + ":8080\"]\n", ""));
        }
        double converge = firstConverge(stacks);
        double script = cliScriptFirstStart();
        BenchResults.record(Measure.FIRST_CONVERGE, ("%.1f s (`stackctl reconcile` through the launcher, its start"
                + " included: %d new stacks, each on a network of its own, stability window 2 s, max-concurrent 4; a docker"
                + " CLI script making the same networks and containers, 4 at a time, with no smoke: %.1f s)")
                .formatted(converge, STACKS, script), Verdict.of(converge <= 60 && STACKS >= 100));

        // the daemon watches the state files, and its passes leave alone the stacks that nothing changed
        try (AutoCloseable watch = StateFileWatch.start(new StateLayout(operator.stateDir), operator.reconciler.quietStacks())) {
            noOpPasses(operator, stacks);
        }
        daemonAndCommands();
    }

    /** {@code stackctl reconcile} on the new stacks, as a person runs it; its wall time in seconds. */
    private double firstConverge(List<String> stacks) throws Exception {
        command(true); // the launcher's first command makes its class-data archive, as it would on a host
        ProcessBuilder builder = new ProcessBuilder(command(true, "reconcile")).redirectErrorStream(true)
                .redirectOutput(lab.root().resolve("reconcile.log").toFile());
        builder.environment().putAll(env(lab.root(), "15s"));
        long started = System.nanoTime();
        Process reconcile = builder.start();
        assertTrue(reconcile.waitFor(10, TimeUnit.MINUTES), "the pass ends");
        double converge = seconds(System.nanoTime() - started);
        StatusStore statuses = new StatusStore(new StateLayout(lab.stateDir()));
        assertEquals(0, reconcile.exitValue(), () -> "every stack Ready: " + log(lab.root(), "reconcile.log"));
        assertTrue(stacks.stream().allMatch(stack -> statuses.read(stack).map(StackStatus::phase).orElse(null) == Phase.Ready),
                "every stack's status says Ready");
        return converge;
    }

    /**
     * The baseline: the same stacks made by a plain script, 4 at a time like the operator: {@code docker network
     * create} with a subnet of its own (Docker's default pools hold about 30), then {@code docker run} on it. Its
     * networks and containers are removed afterwards.
     */
    private double cliScriptFirstStart() throws Exception {
        try (CliScript script = new CliScript(lab, "fq", STACKS)) {
            long started = System.nanoTime();
            script.everyStack((i, stack) -> CliScript.makeStack(stack, "10.251", i, "sha-1a2b3c4"));
            return seconds(System.nanoTime() - started);
        }
    }

    private void noOpPasses(OperatorUnderTest operator, List<String> stacks) {
        for (int i = 0; i < WARM_UP_PASSES; i++) {
            operator.reconcile(); // warm-up: the JIT, the file cache
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long requests = operator.docker.requestCount();
        long cpu = os.getProcessCpuTime();
        int leftAlone = 0;
        for (int i = 0; i < PASSES; i++) {
            leftAlone += operator.reconcile().leftAlone();
        }
        double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6 / PASSES;
        double perPass = (operator.docker.requestCount() - requests) / (double) PASSES;
        String[] ten = stacks.subList(0, 10).toArray(String[]::new);
        long before = operator.docker.requestCount();
        for (int i = 0; i < PASSES; i++) {
            operator.reconcile(ten);
        }
        double perPassOfTen = (operator.docker.requestCount() - before) / (double) PASSES;
        inProcessPass = "in this JVM, whose GC and JIT threads a daemon does not have: %.1f ms over %d passes after %d"
                .formatted(cpuMs, PASSES, WARM_UP_PASSES);
        leftAlonePerPass = leftAlone / PASSES;
        inProcessRequests = "%.1f at %d stacks and %.1f for a pass over 10 of them in this JVM, which has no event stream"
                .formatted(perPass, STACKS, perPassOfTen);
        requestsConstant = perPass == perPassOfTen;
    }

    /**
     * The daemon's CPU per pass, as a person runs it: through the launcher, a pass every second, a minute after its
     * start; every thread of it, so its time between passes is charged to them too.
     */
    private void daemonPass(Path folders) throws Exception {
        try (Daemon daemon = new Daemon(true, "1s", folders)) {
            Thread.sleep(IDLE_SETTLE.toMillis());
            long ticks = daemon.cpuTicks();
            double passes = daemon.passes();
            double requests = daemon.metric("stack_operator_docker_api_requests");
            Thread.sleep(IDLE_WINDOW.toMillis());
            passes = daemon.passes() - passes;
            double cpuMs = (daemon.cpuTicks() - ticks) * 1000.0 / CLOCK_TICKS / passes;
            double sent = daemon.metric("stack_operator_docker_api_requests") - requests;
            // the list of containers kept while the engine's events tell no change, and asked again once a minute
            long relists = IDLE_WINDOW.toMillis() / ContainerListing.RELIST.toMillis() + 1;
            BenchResults.record(Measure.NO_OP_REQUESTS, ("%.2f in the daemon (%.0f sent over %.0f passes: its engine"
                    + " events told no change, and its list of containers is asked again once it is %d s old); %s")
                    .formatted(sent / passes, sent, passes, ContainerListing.RELIST.toSeconds(), inProcessRequests),
                    Verdict.of(requestsConstant && sent <= relists));
            BenchResults.record(Measure.NO_OP_CPU, ("%.1f ms (the daemon through the launcher, all its CPU over %.0f passes"
                    + " at a 1 s poll, %d s after its start; %d of the %d stacks left alone by a pass; %s)")
                    .formatted(cpuMs, passes, IDLE_SETTLE.toSeconds(), leftAlonePerPass, STACKS, inProcessPass),
                    Verdict.of(cpuMs <= 10));
        }
    }

    private void daemonAndCommands() throws Exception {
        Path folders = lab.root();
        command(true); // not counted: the files read for the first time
        double[] launcher = new double[COMMANDS];
        double[] plain = new double[COMMANDS];
        for (int i = 0; i < COMMANDS; i++) {
            launcher[i] = command(true);
            plain[i] = command(false);
        }
        double cli = median(launcher);
        BenchResults.record(Measure.CLI, "%.2f s (plain `java -jar`: %.2f s), median of %d".formatted(cli,
                median(plain), COMMANDS), Verdict.of(cli <= 0.5));

        double[] ready = new double[STARTS];
        double[] readyPlain = new double[STARTS];
        long rss = 0;
        long rssPlain = 0;
        String threads = "";
        for (int i = 0; i < STARTS; i++) {
            try (Daemon daemon = new Daemon(true, "2s", folders)) {
                ready[i] = daemon.readySeconds;
                if (i == STARTS - 1) {
                    Thread.sleep(10_000); // a few passes at 2 s, a status page request, then the memory it keeps
                    daemon.get("/q/metrics");
                    rss = daemon.rssMiB();
                    threads = daemon.status("Threads");
                }
            }
            try (Daemon daemon = new Daemon(false, "2s", folders)) {
                readyPlain[i] = daemon.readySeconds;
                if (i == STARTS - 1) {
                    Thread.sleep(10_000);
                    daemon.get("/q/metrics");
                    rssPlain = daemon.rssMiB();
                }
            }
        }
        BenchResults.record(Measure.START_READY, "%.2f s (plain `java -jar`: %.2f s), median of %d"
                .formatted(median(ready), median(readyPlain), STARTS), Verdict.of(median(ready) <= 2));
        BenchResults.record(Measure.RSS, "%d MiB, %s threads (plain `java -jar`: %d MiB)".formatted(rss, threads,
                rssPlain), Verdict.of(rss <= 150));

        daemonPass(folders);
        double idle = idleCpu(new Daemon(true, "15s", folders));
        // the launcher with C2 back (JAVA_OPTS comes last), and the plain JVM: what C1 alone costs a long-lived daemon
        double idleC2 = idleCpu(new Daemon(true, "15s", folders, "-XX:TieredStopAtLevel=4"));
        double idlePlain = idleCpu(new Daemon(false, "15s", folders));
        BenchResults.record(Measure.IDLE_CPU, "%.2f %% over %d s, %d s after the start (with C2 as well: %.2f %%; plain `java -jar`: %.2f %%)"
                .formatted(idle, IDLE_WINDOW.toSeconds(), IDLE_SETTLE.toSeconds(), idleC2, idlePlain), Verdict.of(idle <= 0.5));
    }

    /**
     * The daemon's CPU over the idle window, in percent of one core, once its start has settled: its first pass, the
     * JIT's compiles of the start, then a few poll passes: a daemon that has run a minute.
     */
    private static double idleCpu(Daemon started) throws Exception {
        try (Daemon daemon = started) {
            Thread.sleep(IDLE_SETTLE.toMillis());
            long ticks = daemon.cpuTicks();
            Thread.sleep(IDLE_WINDOW.toMillis());
            return 100.0 * (daemon.cpuTicks() - ticks) / CLOCK_TICKS / IDLE_WINDOW.toSeconds();
        }
    }

    /** {@code stackctl status} on the test's folders; its wall time in seconds. */
    private double command(boolean throughLauncher) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command(throughLauncher, "status")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env(lab.root(), "15s"));
        long started = System.nanoTime();
        Process process = builder.start();
        assertEquals(0, process.waitFor(), "stackctl status succeeds");
        return seconds(System.nanoTime() - started);
    }

    private List<String> command(boolean throughLauncher, String... args) {
        List<String> command = new ArrayList<>(throughLauncher ? List.of("sh", LAUNCHER.toString())
                : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    private Map<String, String> env(Path root, String poll) {
        Map<String, String> env = new HashMap<>();
        env.put("STACK_OPERATOR_HOME", HOME.toString());
        env.put("OPERATOR_DESIRED_STATE_DIR", root.resolve("desired-state").toString());
        env.put("OPERATOR_STATE_DIR", root.resolve("state").toString());
        env.put("OPERATOR_PREFLIGHT_MIN_FREE_DISK_PERCENT", "1");
        env.put("OPERATOR_SMOKE_STABLE_FOR", "2s");
        env.put("OPERATOR_POLL_INTERVAL", poll);
        return env;
    }

    /** The daemon on the test's folders, started and waited for until ready; stopped with SIGTERM on close. */
    private final class Daemon implements AutoCloseable {
        final Process process;
        final int port = Lab.freePort();
        final double readySeconds;

        Daemon(boolean throughLauncher, String poll, Path root) throws Exception {
            this(throughLauncher, poll, root, "");
        }

        Daemon(boolean throughLauncher, String poll, Path root, String javaOpts) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(command(throughLauncher, "run")).redirectErrorStream(true)
                    .redirectOutput(root.resolve("daemon.log").toFile());
            builder.environment().putAll(env(root, poll));
            builder.environment().put("JAVA_OPTS", javaOpts);
            builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
            long started = System.nanoTime();
            process = builder.start();
            while (!ready()) {
                assertTrue(process.isAlive(), () -> "the daemon exited: " + log(root));
                assertTrue(System.nanoTime() - started < Duration.ofMinutes(2).toNanos(), "the daemon is ready in 2 min");
                Thread.sleep(20);
            }
            readySeconds = seconds(System.nanoTime() - started);
        }

        private boolean ready() {
            try {
                return get("/q/health/ready").statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The passes the daemon has finished, from its metrics. */
        double passes() throws IOException, InterruptedException {
            return metric("stack_operator_pass_duration_seconds_count");
        }

        /** A metric of the daemon, summed over its labels. */
        double metric(String name) throws IOException, InterruptedException {
            return Lab.metric(get("/q/metrics").body(), name);
        }

        /** The launcher execs java: the process started is the JVM itself. */
        long rssMiB() throws IOException {
            return Long.parseLong(status("VmRSS").replaceAll("\\D", "")) / 1024;
        }

        String status(String field) throws IOException {
            return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith(field + ":")).map(line -> line.substring(field.length() + 1).strip())
                    .findFirst().orElseThrow();
        }

        /** User and system CPU of the JVM so far, in clock ticks (/proc/PID/stat, fields 14 and 15). */
        long cpuTicks() throws IOException {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    private static String log(Path root) {
        return log(root, "daemon.log");
    }

    private static String log(Path root, String name) {
        try {
            return Files.readString(root.resolve(name));
        } catch (IOException e) {
            return "(no log)";
        }
    }


}
