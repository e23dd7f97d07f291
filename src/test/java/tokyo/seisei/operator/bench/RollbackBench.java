package tokyo.seisei.operator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static tokyo.seisei.operator.bench.BenchResults.median;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.bench.BenchResults.Verdict;
import tokyo.seisei.operator.it.Lab;
import tokyo.seisei.operator.it.LabExtension;
import tokyo.seisei.operator.it.OperatorUnderTest;
import tokyo.seisei.operator.it.StackFixtures;
import tokyo.seisei.operator.model.Phase;

/**
 * {@code make bench}: how fast a failed version gives way to the previous one. Prints durations; asserts only
 * that each deploy ended rolled back (numbers on a shared machine are for reading, not for failing a build).
 */
class RollbackBench {

    static final int RUNS = 3;
    static final String GOOD = "sha-1a2b3c4";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final LabExtension lab = new LabExtension();

    /** A version whose /health is missing fails its smoke at the deadline; then the previous version must answer again. */
    @Test
    void rollbackAfterAFailedSmoke() throws Exception {
        OperatorUnderTest operator = lab.operator();
        double[] rollback = new double[RUNS];
        double[] script = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            String stack = lab.stack("rbb" + i);
            int port = Lab.freePort();
            operator.write(stack, StackFixtures.smokedApp(stack, GOOD, port, "30s"));
            assertEquals(Phase.Ready, operator.reconcileOne(stack));
            operator.write(stack, StackFixtures.smokedApp(stack, "sha-nohealth", port, "2s"));
            Answers answers = new Answers(port, "sha-nohealth", GOOD);
            Phase phase;
            try {
                phase = operator.reconcileOne(stack);
            } finally {
                answers.stop();
            }
            assertEquals(Phase.Degraded, phase, "the failed version is rolled back");
            Instant failed = Instant.parse(smokeFailed(operator, stack).path("time").asText());
            rollback[i] = Duration.between(failed, answers.backAt()).toMillis();
            script[i] = cliScriptRollback(stack + "-cli");
        }
        System.out.printf("%nbench: rollback, failed smoke -> previous version answering HTTP again: median %.0f ms %s%n",
                median(rollback), Arrays.toString(rollback));
        System.out.printf("bench: the same by a docker CLI script (rm -f, run): median %.0f ms %s%n", median(script),
                Arrays.toString(script));
        BenchResults.record(Measure.ROLLBACK, "%.2f s (a docker CLI script: %.2f s), median of %d".formatted(
                median(rollback) / 1000, median(script) / 1000, RUNS), Verdict.of(median(rollback) <= 2000));
    }

    /**
     * The baseline: what a plain script does once it knows the new version failed. The failed version runs and
     * answers; then {@code docker rm -f} it and {@code docker run} the previous one, timed until that answers again.
     */
    private static double cliScriptRollback(String name) throws InterruptedException {
        int port = Lab.freePort();
        List<String> run = List.of("run", "-d", "--name", name, "-p", "127.0.0.1:" + port + ":8080");
        try {
            Lab.docker(concat(run, Lab.APP + ":sha-nohealth"));
            awaitVersion(port, "sha-nohealth");
            long started = System.nanoTime();
            Lab.docker("rm", "-f", name);
            Lab.docker(concat(run, Lab.APP + ":" + GOOD));
            awaitVersion(port, GOOD);
            return Math.round((System.nanoTime() - started) / 1e6);
        } finally {
            Lab.run(List.of("docker", "rm", "-f", name));
        }
    }

    private static String[] concat(List<String> args, String last) {
        List<String> all = new ArrayList<>(args);
        all.add(last);
        return all.toArray(String[]::new);
    }

    private static void awaitVersion(int port, String version) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!version.equals(Answers.version(port))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(version + " never answered on port " + port);
            }
            Thread.sleep(5);
        }
    }

    /**
     * The same, with the server itself as PID 1 (busybox httpd as the entrypoint, no init): it ignores SIGTERM, so
     * each stop lasts the whole time it is given.
     */
    @Test
    void rollbackOfAServerThatIgnoresSigterm() throws Exception {
        OperatorUnderTest operator = lab.operator();
        double[] rollback = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            String stack = lab.stack("rbp" + i);
            int port = Lab.freePort();
            operator.write(stack, serverAsPid1(StackFixtures.smokedApp(stack, GOOD, port, "30s")));
            assertEquals(Phase.Ready, operator.reconcileOne(stack));
            operator.write(stack, serverAsPid1(StackFixtures.smokedApp(stack, "sha-nohealth", port, "2s")));
            Answers answers = new Answers(port, "sha-nohealth", GOOD);
            Phase phase;
            try {
                phase = operator.reconcileOne(stack);
            } finally {
                answers.stop();
            }
            assertEquals(Phase.Degraded, phase, "the failed version is rolled back");
            Instant failed = Instant.parse(smokeFailed(operator, stack).path("time").asText());
            rollback[i] = Duration.between(failed, answers.backAt()).toMillis();
        }
        System.out.printf("%nbench: rollback of a server that ignores SIGTERM (PID 1), failed smoke -> previous version"
                + " answering again: median %.0f ms %s%n", median(rollback), Arrays.toString(rollback));
        BenchResults.record(Measure.ROLLBACK_PID1, "%.2f s, median of %d".formatted(median(rollback) / 1000, RUNS),
                Verdict.of(median(rollback) <= 2000));
    }

    /** busybox httpd as the container's only process, serving the image's files, with no init in front of it. */
    private static String serverAsPid1(String yaml) {
        return yaml.replace("      restart: unless-stopped\n", "      restart: unless-stopped\n"
                + "      entrypoint: [httpd, -f, -p, \"8080\", -h, /www]\n");
    }

    /**
     * A version whose healthcheck turns unhealthy, under a smoke of 60 s: how long its smoke runs, and how long
     * from the start of the deploy until the previous version answers again.
     */
    @Test
    void unhealthyVersion() throws Exception {
        OperatorUnderTest operator = lab.operator();
        double[] smoke = new double[RUNS];
        double[] deploy = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            String stack = lab.stack("rbu" + i);
            int port = Lab.freePort();
            operator.write(stack, withHealthcheck(StackFixtures.smokedApp(stack, GOOD, port, "60s")));
            assertEquals(Phase.Ready, operator.reconcileOne(stack));
            operator.write(stack, withHealthcheck(StackFixtures.smokedApp(stack, "sha-unhealthy", port, "60s")));
            Answers answers = new Answers(port, "sha-unhealthy", GOOD);
            Instant started = Instant.now();
            Phase phase;
            try {
                phase = operator.reconcileOne(stack);
            } finally {
                answers.stop();
            }
            assertEquals(Phase.Degraded, phase, "the failed version is rolled back");
            smoke[i] = smokeFailed(operator, stack).path("durationMs").asLong();
            deploy[i] = Duration.between(started, answers.backAt()).toMillis();
        }
        System.out.printf("%nbench: unhealthy version, smoke timeout 60s: smoke ran median %.0f ms %s%n", median(smoke),
                Arrays.toString(smoke));
        System.out.printf("bench: unhealthy version: deploy start -> previous version answering again: median %.0f ms %s%n",
                median(deploy), Arrays.toString(deploy));
        BenchResults.record(Measure.FAIL_FAST, "smoke failed after %.1f s; previous version answering %.1f s after the"
                .formatted(median(smoke) / 1000, median(deploy) / 1000) + " deploy began; median of " + RUNS,
                Verdict.of(median(smoke) <= 4000));
    }

    /** The lab app's healthcheck, probed every second, unhealthy after two failures. */
    private static String withHealthcheck(String yaml) {
        return yaml.replace("      restart: unless-stopped\n", "      restart: unless-stopped\n" + """
                      healthcheck:
                        test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"]
                        interval: 1s
                        retries: 2
                """);
    }

    private static JsonNode smokeFailed(OperatorUnderTest operator, String stack) throws IOException {
        String line = operator.events(stack).stream().filter(e -> e.contains("\"from\":\"Smoke\",\"to\":\"FAILED\""))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no failed smoke in the events of " + stack));
        return JSON.readTree(line);
    }


    /**
     * Asks /version every few milliseconds, each time on a new connection with short timeouts, and notes when the
     * previous version answers again after the failing one did.
     */
    static final class Answers {
        private final AtomicReference<Instant> backAt = new AtomicReference<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Answers(int port, String failing, String previous) {
            thread = new Thread(() -> {
                boolean sawFailing = false;
                while (running.get() && backAt.get() == null) {
                    String version = version(port);
                    sawFailing |= failing.equals(version);
                    if (sawFailing && previous.equals(version)) {
                        backAt.set(Instant.now());
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-answers");
            thread.start();
        }

        Instant backAt() {
            Instant at = backAt.get();
            if (at == null) {
                throw new AssertionError("the previous version never answered again after the failing one");
            }
            return at;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        static String version(int port) {
            return ShortGet.body(port, "/version").orElse(null);
        }
    }
}
