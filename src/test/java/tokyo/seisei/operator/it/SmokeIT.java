package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.it.StackFixtures.HEALTHCHECK;
import static tokyo.seisei.operator.it.StackFixtures.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.engine.smoke.CheckResult;
import tokyo.seisei.operator.engine.smoke.SmokeResult;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.LoadedStack;

/** The smoke on the lab's real engine, after a real deploy: what passes, what fails, how fast, with which words. */
class SmokeIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final OperatorUnderTest operator = lab.operator();
    final String stack = lab.stack("smoke");
    final int port = Lab.freePort();

    /** The lab app stack at this tag, its web service given the extra lines, and this smoke block. */
    private String stackFile(String tag, String webLines, String smoke) {
        // no restart policy unless the test gives one: an exit must stay an exit
        return app(stack, tag, port).replace("      restart: unless-stopped\n", "")
                .replace("      environment:\n", webLines + "      environment:\n")
                + smoke.formatted(port, port, port);
    }

    /**
     * Starts the stack's containers straight on the engine, as a deploy would before its smoke step, then runs
     * the smoke of what the file renders to: the verdict is the runner's alone, not the pipeline's.
     */
    private SmokeResult deployThenSmoke(String yaml) {
        operator.write(stack, yaml);
        LoadedStack loaded = new DesiredStateLoader(System.getenv()).load(operator.desiredStateDir.resolve(stack + ".yaml"));
        assertTrue(loaded.valid(), () -> loaded.problems().toString());
        DesiredStack desired = new StackRenderer().render(loaded);
        desired.networks().stream().filter(n -> !n.external())
                .forEach(n -> operator.docker.createNetwork(n.name(), Map.of(DockerEngine.STACK_LABEL, stack)));
        for (DesiredStack.DesiredService service : desired.services()) {
            operator.docker.startContainer(operator.docker.createContainer(service.spec()));
        }
        return new SmokeRunner(operator.docker, Clock.systemUTC(), Duration.ofSeconds(1)).run(desired, desired.smoke());
    }

    private static List<String> lines(SmokeResult result) {
        return result.checks().stream().map(CheckResult::line).toList();
    }

    @Test
    void healthyAppPassesItsHttpTcpAndExecChecks() {
        SmokeResult result = deployThenSmoke(stackFile("sha-1a2b3c4", HEALTHCHECK.formatted("1s"), """
                  smoke:
                    timeout: 30s
                    interval: 1s
                    checks:
                      - http: http://127.0.0.1:%d/health
                        expectBody: ok
                      - tcp: 127.0.0.1:%d
                      - exec: {service: web, command: [wget, -q, -O-, "http://127.0.0.1:8080/version"]}
                """));
        assertTrue(result.passed(), result.message());
        assertTrue(result.message().startsWith("smoke passed in "), result.message());
        assertEquals(List.of("web: running, healthy",
                "http http://127.0.0.1:" + port + "/health answered 200",
                "tcp 127.0.0.1:" + port + " accepted a connection",
                "exec web: wget -q -O- http://127.0.0.1:8080/version exited 0"), lines(result));
    }

    @Test
    void appWithoutHealthEndpointFailsNamingTheUrlAndTheStatus() {
        SmokeResult result = deployThenSmoke(stackFile("sha-nohealth", "", """
                  smoke:
                    timeout: 3s
                    interval: 1s
                    checks:
                      - http: http://127.0.0.1:%d/health
                """));
        assertFalse(result.passed());
        assertTrue(result.message().startsWith("smoke failed: not passed within 3s ("), result.message());
        assertTrue(result.message().endsWith("http http://127.0.0.1:" + port + "/health answered 404, expected 200"),
                result.message());
        assertEquals(List.of("web: running", "http http://127.0.0.1:" + port + "/health answered 404, expected 200"),
                lines(result));
    }

    @Test
    void containerThatExitsFailsTheSmokeAtOnceNotAtTheDeadline() {
        // its first health probe would come after 10s: it exits (after 3s) before it is ever healthy
        SmokeResult result = deployThenSmoke(stackFile("sha-crash", HEALTHCHECK.formatted("10s"), """
                  smoke:
                    timeout: 60s
                """));
        assertFalse(result.passed());
        assertTrue(result.message().matches("smoke failed after [0-9.]+s: web: container exited \\(exit code 1\\)"),
                result.message());
        assertTrue(result.duration().compareTo(Duration.ofSeconds(20)) < 0, "well before the 60s deadline: " + result.duration());
    }

    @Test
    void containerThatTheEngineRestartsFailsTheSmokeAtOnce() {
        SmokeResult result = deployThenSmoke(stackFile("sha-crash", HEALTHCHECK.formatted("10s") + "      restart: always\n", """
                  smoke:
                    timeout: 60s
                """));
        assertFalse(result.passed());
        assertTrue(result.message().matches("smoke failed after [0-9.]+s: web: container (restarted \\(restart count 0 -> \\d+\\)"
                + "|is restarting \\(restart count \\d+\\))"), result.message());
        assertTrue(result.duration().compareTo(Duration.ofSeconds(20)) < 0, "well before the 60s deadline: " + result.duration());
    }

    @Test
    void slowAppPassesOnceItsHealthcheckSaysHealthy() {
        SmokeResult result = deployThenSmoke(stackFile("sha-slow", HEALTHCHECK.formatted("1s"), """
                  smoke:
                    timeout: 30s
                    interval: 1s
                    checks:
                      - http: http://127.0.0.1:%d/health
                        expectBody: ok
                """));
        assertTrue(result.passed(), result.message());
        assertEquals("web: running, healthy", lines(result).get(0));
        // /health appears 8s after the start: the smoke waited for it
        assertTrue(result.duration().compareTo(Duration.ofSeconds(3)) > 0, result.duration().toString());
    }

    @Test
    void checksThatHangEndWithTheDeadline() throws IOException {
        // a port that accepts connections and never answers: an HTTP request to it hangs
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SmokeResult result = deployThenSmoke(stackFile("sha-1a2b3c4", "", """
                      smoke:
                        timeout: 3s
                        interval: 1s
                        checks:
                          - http: http://127.0.0.1:%d/health
                          - exec: {service: web, command: [sleep, "30"]}
                    """.replace("%d", String.valueOf(silent.getLocalPort()))));
            assertFalse(result.passed());
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/health";
            assertTrue(result.message().matches("smoke failed: not passed within 3s \\(1 attempt\\(s\\)\\): http " + url
                    + ": no answer within [0-9.]+s; exec web: sleep 30: not tried before the deadline"), result.message());
            assertTrue(result.duration().compareTo(Duration.ofSeconds(8)) < 0, "ends near its 3s deadline: " + result.duration());
        }
    }

    @Test
    void stackctlSmokePrintsEachCheckAndExitsByVerdict() {
        String smoke = """
                  smoke:
                    timeout: 5s
                    interval: 1s
                    checks:
                      - http: http://127.0.0.1:%d/health
                """;
        operator.write(stack, stackFile("sha-1a2b3c4", "", smoke));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        Stackctl stackctl = lab.stackctl();

        Lab.Result passed = stackctl.run("smoke", stack);
        assertEquals(0, passed.exitCode(), passed.output() + passed.errors());
        assertTrue(passed.output().contains("  ok    http http://127.0.0.1:" + port + "/health answered 200\n"), passed.output());
        assertTrue(passed.output().contains(stack + ": smoke passed in "), passed.output());

        operator.write(stack, stackFile("sha-1a2b3c4", "", smoke.replace("/health", "/nope")));
        Lab.Result failed = stackctl.run("smoke", stack);
        assertEquals(1, failed.exitCode(), failed.output() + failed.errors());
        assertTrue(failed.output().contains("  FAIL  http http://127.0.0.1:" + port + "/nope answered 404, expected 200\n"),
                failed.output());

        Lab.Result unknown = stackctl.run("smoke", "no-such-stack");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.errors().contains("error: no stack named no-such-stack; known stacks: " + stack), unknown.errors());

        operator.write(stack, stackFile("sha-1a2b3c4", "", smoke.replace("http://", "htp:/")));
        Lab.Result invalid = stackctl.run("smoke", stack);
        assertEquals(2, invalid.exitCode());
        assertTrue(invalid.errors().contains("spec.smoke.checks[0].http 'htp:/127.0.0.1:" + port
                + "/health' is not an http:// or https:// URL"), invalid.errors());
    }
}
