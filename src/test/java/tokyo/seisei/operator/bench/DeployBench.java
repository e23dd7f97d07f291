package tokyo.seisei.operator.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static tokyo.seisei.operator.bench.BenchResults.median;
import static tokyo.seisei.operator.bench.BenchResults.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.app.Operator;
import tokyo.seisei.operator.app.OperatorBeans;
import tokyo.seisei.operator.app.OperatorConfig;
import tokyo.seisei.operator.bench.BenchResults.Verdict;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerJavaEngine;
import tokyo.seisei.operator.engine.OperatorSettings;
import tokyo.seisei.operator.engine.status.OperatorEvents;
import tokyo.seisei.operator.it.Lab;
import tokyo.seisei.operator.it.LabExtension;
import tokyo.seisei.operator.it.RunningDaemon;
import tokyo.seisei.operator.it.StackFixtures;
import tokyo.seisei.operator.model.ComposeDuration;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.store.StateLayout;

/**
 * {@code make bench}: one version change of a small HTTP stack, made by the operator and by a docker CLI script doing
 * the runbook's deploy, in turns: how long each takes, and the longest time its published port went without an
 * answer meanwhile; then how soon the daemon starts the deploy of a local edit. The operator runs on the project's
 * defaults (the smoke's stability window, the poll interval). Asserts only that each deploy ended with the new
 * version serving.
 */
class DeployBench {

    static final int RUNS = 5;
    static final String OLD = "sha-1a2b3c4";
    static final String NEW = "sha-2b3c4d5";
    static final List<String> EDITS = List.of(NEW, "sha-3c4d5e6", OLD);
    static final String SMOKE_TIMEOUT = "30s";
    /** StackFixtures' smoke tries /health every second; the script's smoke does the same. */
    static final Duration SMOKE_INTERVAL = Duration.ofSeconds(1);
    /** Two gaps this close are the same: a few polls, on a shared machine. */
    static final long SAME_GAP_MILLIS = 100;
    static final String STABLE_FOR = projectDefault(OperatorConfig.Smoke.class, "stableFor");
    static final String POLL_INTERVAL = projectDefault(OperatorConfig.class, "pollInterval");
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final LabExtension lab = new LabExtension();

    /**
     * The same change both ways, operator and script in turns: {@link #OLD} running and answering, then
     * {@link #NEW} deployed and smoked on /health, its port asked all the while.
     */
    @Test
    void versionChangeByTheOperatorAndByACliScript() throws Exception {
        Lab.docker("pull", "-q", Lab.APP + ":" + OLD); // both sides pull images already present
        Lab.docker("pull", "-q", Lab.APP + ":" + NEW);
        double[] operatorSeconds = new double[RUNS];
        double[] scriptSeconds = new double[RUNS];
        double[] operatorGap = new double[RUNS];
        double[] scriptGap = new double[RUNS];
        DockerEngine docker = DockerJavaEngine.connect();
        try {
            Operator operator = operatorOnDefaults(docker);
            for (int i = 0; i < RUNS; i++) {
                Deploy byOperator = operatorDeploy(operator, lab.stack("dpo" + i));
                operatorSeconds[i] = byOperator.seconds();
                operatorGap[i] = byOperator.longestGapSeconds();
                Deploy byScript = cliScriptDeploy(lab.stack("dps" + i));
                scriptSeconds[i] = byScript.seconds();
                scriptGap[i] = byScript.longestGapSeconds();
            }
        } finally {
            docker.close();
        }
        System.out.printf("%nbench: deploy %s -> %s by the operator's reconcile: median %.2f s %s%n", OLD, NEW,
                median(operatorSeconds), Arrays.toString(operatorSeconds));
        System.out.printf("bench: the same by a docker CLI script (pull, rm -f, run, smoke): median %.2f s %s%n",
                median(scriptSeconds), Arrays.toString(scriptSeconds));
        System.out.printf("bench: longest gap without an answer: operator %s, CLI script %s%n",
                Arrays.toString(operatorGap), Arrays.toString(scriptGap));
        double stableFor = ComposeDuration.parse(STABLE_FOR).toMillis() / 1000.0;
        double ratio = median(operatorSeconds) / median(scriptSeconds);
        BenchResults.record(Measure.DEPLOY_RATIO, ("%.2f (operator %.2f s, CLI script %.2f s), median of %d; the"
                + " operator's in-process reconcile on its defaults, %s of its time the smoke's stability window"
                + " (operator.smoke.stable-for): %.2f without it").formatted(ratio, median(operatorSeconds),
                median(scriptSeconds), RUNS, STABLE_FOR, (median(operatorSeconds) - stableFor) / median(scriptSeconds)),
                Verdict.of(ratio <= 1.10));
        BenchResults.record(Measure.SERVING_GAP, ("operator %.2f s, CLI script %.2f s (longest gap without an answer"
                + " to /health asked every 20 ms, median of %d; holds when the operator's is at most %d ms longer)")
                .formatted(median(operatorGap), median(scriptGap), RUNS, SAME_GAP_MILLIS),
                Verdict.of(median(operatorGap) * 1000 <= median(scriptGap) * 1000 + SAME_GAP_MILLIS));
    }

    record Deploy(double seconds, double longestGapSeconds) {
    }

    /** The operator's real classes on the test's folders, with the settings a host has unless it sets them. */
    private Operator operatorOnDefaults(DockerEngine docker) {
        // 1% free disk: the measure must not depend on how full the machine's disk is
        OperatorSettings settings = new OperatorSettings(lab.desiredStateDir(), new StateLayout(lab.stateDir()),
                ComposeDuration.parse(projectDefault(OperatorConfig.class, "dependencyTimeout")), 1,
                Integer.parseInt(projectDefault(OperatorConfig.class, "keepPrevious")), ComposeDuration.parse(STABLE_FOR));
        return OperatorBeans.wire(settings, new DesiredStateLoader(System.getenv(), true), docker,
                Clock.systemDefaultZone(), OperatorEvents.NONE);
    }

    private Deploy operatorDeploy(Operator operator, String stack) throws InterruptedException {
        int port = Lab.freePort();
        lab.write(stack, StackFixtures.smokedApp(stack, OLD, port, SMOKE_TIMEOUT));
        assertEquals(Phase.Ready, reconcileOne(operator, stack), "the first version is deployed");
        lab.write(stack, StackFixtures.smokedApp(stack, NEW, port, SMOKE_TIMEOUT));
        Serving serving = Serving.watch(port);
        long started = System.nanoTime();
        Phase phase = reconcileOne(operator, stack);
        double seconds = seconds(System.nanoTime() - started);
        double gap = serving.stop();
        assertEquals(Phase.Ready, phase, "the new version is deployed");
        assertEquals("200 " + NEW, Lab.get(port, "/version"));
        return new Deploy(seconds, gap);
    }

    private static Phase reconcileOne(Operator operator, String stack) {
        return operator.reconciler().reconcile(List.of(stack)).phases().get(stack);
    }

    /**
     * The baseline: the runbook's deploy as a plain script, each command an argument array. The old version runs and
     * answers; then {@code docker pull} the new one, {@code docker rm -f} the old container, {@code docker run -d}
     * the new one on the same port, and the same smoke as the stack's: /health answering ok, tried every second.
     */
    private static Deploy cliScriptDeploy(String name) throws InterruptedException {
        int port = Lab.freePort();
        List<String> run = List.of("run", "-d", "--name", name, "-p", "127.0.0.1:" + port + ":8080",
                "--restart", "unless-stopped", "-e", "GREETING=hello");
        try {
            Lab.docker(concat(run, Lab.APP + ":" + OLD));
            smoke(port);
            Serving serving = Serving.watch(port);
            long started = System.nanoTime();
            Lab.docker("pull", Lab.APP + ":" + NEW);
            Lab.docker("rm", "-f", name);
            Lab.docker(concat(run, Lab.APP + ":" + NEW));
            smoke(port);
            double seconds = seconds(System.nanoTime() - started);
            double gap = serving.stop();
            assertEquals("200 " + NEW, Lab.get(port, "/version"));
            return new Deploy(seconds, gap);
        } finally {
            Lab.run(List.of("docker", "rm", "-f", name));
        }
    }

    private static void smoke(int port) throws InterruptedException {
        long deadline = System.nanoTime() + ComposeDuration.parse(SMOKE_TIMEOUT).toNanos();
        while (!"200 ok".equals(Lab.get(port, "/health"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/health never answered ok on port " + port);
            }
            Thread.sleep(SMOKE_INTERVAL.toMillis());
        }
    }

    private static String[] concat(List<String> args, String last) {
        List<String> all = new ArrayList<>(args);
        all.add(last);
        return all.toArray(String[]::new);
    }

    /**
     * The daemon as a person runs it, on a desired-state folder (no git) and its default poll interval: a stack is
     * deployed and the daemon left idle, then the stack's file is replaced (one rename) by one of a new version.
     * Measured from just before the rename to the time of the event that turned the stack Progressing, as the
     * daemon wrote it in the events journal.
     */
    @Test
    void localEditToItsDeployStart() throws Exception {
        String stack = lab.stack("edit");
        int port = Lab.freePort();
        lab.write(stack, StackFixtures.smokedApp(stack, OLD, port, SMOKE_TIMEOUT));
        Path events = lab.stateDir().resolve("events").resolve(stack + ".jsonl");
        Path status = lab.stateDir().resolve("status").resolve(stack + ".yaml");
        double[] latency = new double[EDITS.size()];
        try (RunningDaemon daemon = new RunningDaemon(lab.root()).with("OPERATOR_POLL_INTERVAL", POLL_INTERVAL)
                .with("OPERATOR_SMOKE_STABLE_FOR", STABLE_FOR).start()) {
            awaitEvent(events, 0, "Ready", daemon);
            for (int i = 0; i < EDITS.size(); i++) {
                String version = EDITS.get(i);
                awaitIdle(events, status);
                int before = lines(events).size();
                Instant written = replace(stack, StackFixtures.smokedApp(stack, version, port, SMOKE_TIMEOUT));
                JsonNode progressing = awaitEvent(events, before, "Progressing", daemon);
                latency[i] = Duration.between(written, Instant.parse(progressing.path("time").asText())).toNanos() / 1e9;
                awaitEvent(events, before, "Ready", daemon);
                assertEquals("200 " + version, Lab.get(port, "/version"), "the edited version is deployed");
            }
        }
        System.out.printf("%nbench: local edit (rename) -> Progressing event: median %.2f s %s%n", median(latency),
                Arrays.toString(latency));
        BenchResults.record(Measure.EDIT_TO_DEPLOY, ("%.2f s (a file replaced by rename → the stack's Progressing"
                + " event; the daemon on a folder, poll interval %s, the default), median of %d")
                .formatted(median(latency), POLL_INTERVAL, EDITS.size()), Verdict.of(median(latency) <= 2));
    }

    /** The file written beside the folder, then moved in by one rename: the edit lands whole, at a known time. */
    private Instant replace(String stack, String yaml) throws IOException {
        Path temp = lab.root().resolve(stack + ".yaml.new");
        Files.writeString(temp, yaml);
        Instant written = Instant.now();
        Files.move(temp, lab.desiredStateDir().resolve(stack + ".yaml"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        return written;
    }

    /** Idle: the stack's events journal and status file left unchanged for a second. */
    private static void awaitIdle(Path events, Path status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> olderThanASecond(events) && olderThanASecond(status));
    }

    private static boolean olderThanASecond(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        return modified.toInstant().isBefore(Instant.now().minusSeconds(1));
    }

    /** The first event from line {@code from} on that turned the stack to the phase named. */
    private static JsonNode awaitEvent(Path events, int from, String phase, RunningDaemon daemon) {
        try {
            return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                    .until(() -> event(events, from, phase), Optional::isPresent).orElseThrow();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + phase + " event in " + events + "; the daemon's log:\n" + daemon.log(), e);
        }
    }

    private static Optional<JsonNode> event(Path events, int from, String phase) throws IOException {
        List<String> lines = lines(events);
        for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
            JsonNode event = JSON.readTree(line);
            if (phase.equals(event.path("to").asText())) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** A setting's default as {@link OperatorConfig} declares it: what a host runs with unless it says otherwise. */
    private static String projectDefault(Class<?> config, String setting) {
        try {
            return config.getMethod(setting).getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no setting " + setting + " in " + config.getName(), e);
        }
    }

    /**
     * Asks /health of a port every 20 ms, each time on a new connection with short timeouts, and keeps the longest
     * time between two requests that were answered 200 (each counted from when it was sent).
     */
    static final class Serving {
        static final long EVERY_NANOS = Duration.ofMillis(20).toNanos();
        static final Duration AFTER_THE_DEPLOY = Duration.ofSeconds(30);

        private final int port;
        private final CountDownLatch answered = new CountDownLatch(1);
        private final Thread thread;
        private volatile boolean stopping;
        private volatile boolean abandoned;
        private long longestGapNanos;

        private Serving(int port) {
            this.port = port;
            this.thread = new Thread(this::poll, "bench-serving");
        }

        /** Starts asking and returns once the port answered. */
        static Serving watch(int port) throws InterruptedException {
            Serving serving = new Serving(port);
            serving.thread.start();
            if (!serving.answered.await(30, TimeUnit.SECONDS)) {
                serving.abandon();
                throw new AssertionError("nothing answers on port " + port + " before the deploy");
            }
            return serving;
        }

        /** Stops at the first answer asked for after this call; the longest gap, in seconds. */
        double stop() throws InterruptedException {
            stopping = true;
            thread.join(AFTER_THE_DEPLOY.toMillis());
            if (thread.isAlive()) {
                abandon();
                throw new AssertionError("port " + port + " does not answer after the deploy");
            }
            return seconds(longestGapNanos);
        }

        private void abandon() throws InterruptedException {
            abandoned = true;
            thread.join();
        }

        private void poll() {
            long lastAnswered = -1;
            long next = System.nanoTime();
            while (!abandoned) {
                boolean last = stopping;
                long asked = System.nanoTime();
                if (answers(port)) {
                    if (lastAnswered >= 0) {
                        longestGapNanos = Math.max(longestGapNanos, asked - lastAnswered);
                    }
                    lastAnswered = asked;
                    answered.countDown();
                    if (last) {
                        return;
                    }
                }
                next = Math.max(next + EVERY_NANOS, System.nanoTime());
                try {
                    TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static boolean answers(int port) {
            return ShortGet.body(port, "/health").isPresent();
        }
    }
}
