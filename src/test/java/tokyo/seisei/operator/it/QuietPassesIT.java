package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/**
 * The daemon's passes over a Ready stack whose inputs do not change ask the engine nothing: its event stream says
 * the last list of containers still stands. What the engine tells changed is still seen at the next pass, even a
 * change no event sends for a look at once: here a container paused and unpaused by hand. And an engine that hangs,
 * its event stream open and silent, is not taken for one that tells no change: within a minute and a half the stack
 * says the engine cannot be reached.
 */
class QuietPassesIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();

    final String stack = lab.stack("quiet");
    final int port = Lab.freePort();
    final int api = Lab.freePort();
    final StatusStore statuses = new StatusStore(new StateLayout(lab.stateDir()));

    @Test
    void quietPassesAskTheEngineNothingAndAPauseByHandIsStillSeen() {
        lab.write(stack, StackFixtures.app(stack, "sha-1a2b3c4", port));
        lab.daemon(lab.stackctl().with("OPERATOR_POLL_INTERVAL", "1s").with("OPERATOR_SMOKE_STABLE_FOR", "1s")
                .with("QUARKUS_HTTP_PORT", String.valueOf(api)));
        await().atMost(Duration.ofSeconds(90)).until(() -> webState().equals("running")
                && statuses.read(stack).orElseThrow().phase() == Phase.Ready);
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("stack_operator_stacks_left_alone_total") >= 2);

        double requests = metric("stack_operator_docker_api_requests");
        double leftAlone = metric("stack_operator_stacks_left_alone_total");
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("stack_operator_stacks_left_alone_total") >= leftAlone + 3);
        assertEquals(requests, metric("stack_operator_docker_api_requests"), "requests sent during three quiet passes");

        Lab.docker("pause", stack + "-web");
        await().atMost(Duration.ofSeconds(30)).until(() -> webState().equals("paused"));
        Lab.docker("unpause", stack + "-web");
        await().atMost(Duration.ofSeconds(30)).until(() -> webState().equals("running"));
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
    }

    @Test
    void anEngineThatHangsWithItsStreamOpenIsToldAndNothingIsTouched(@TempDir Path proxyDir) throws Exception {
        Process proxy = EngineProxy.start(proxyDir.resolve("docker.sock"));
        try {
            lab.write(stack, StackFixtures.app(stack, "sha-1a2b3c4", port));
            lab.daemon(lab.stackctl().with("DOCKER_HOST", "unix://" + proxyDir.resolve("docker.sock"))
                    .with("OPERATOR_POLL_INTERVAL", "1s").with("OPERATOR_SMOKE_STABLE_FOR", "1s")
                    .with("QUARKUS_HTTP_PORT", String.valueOf(api)));
            await().atMost(Duration.ofSeconds(90)).until(() -> webState().equals("running")
                    && statuses.read(stack).orElseThrow().phase() == Phase.Ready);
            await().atMost(Duration.ofSeconds(30)).until(() -> metric("stack_operator_stacks_left_alone_total") >= 2);
            String container = Lab.docker("inspect", "-f", "{{.Id}}", stack + "-web");

            EngineProxy.freeze(proxy);
            // the list kept a minute at most, then asked again: no answer within the 30 s response timeout
            await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> {
                StackStatus status = statuses.read(stack).orElseThrow();
                assertTrue(engineUnreachable(status), status.message());
            });
            assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
            // readiness answers at once (Lab.get gives up after 3 s): one request waits on the engine, the probes don't
            await().atMost(Duration.ofSeconds(30)).until(() -> Lab.get(api, "/q/health/ready").startsWith("503"));
            String ready = Lab.get(api, "/q/health/ready");
            assertTrue(ready.contains("has not answered for") || ready.contains("did not answer within"), ready);

            EngineProxy.thaw(proxy);
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                StackStatus status = statuses.read(stack).orElseThrow();
                assertTrue(status.phase() == Phase.Ready && !engineUnreachable(status), status.message());
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> Lab.get(api, "/q/health/ready").startsWith("200"));
            assertEquals(container, Lab.docker("inspect", "-f", "{{.Id}}", stack + "-web"), "the same container runs");
            assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
        } finally {
            EngineProxy.thaw(proxy);
            EngineProxy.cut(proxy);
        }
    }

    private static boolean engineUnreachable(StackStatus status) {
        return status.conditions().stream().anyMatch(c -> Reason.ENGINE_UNREACHABLE.equals(c.reason()));
    }

    /** The web service's state, as the stack's status file last showed it. */
    private String webState() {
        return statuses.read(stack).flatMap(s -> s.services().stream().filter(x -> "web".equals(x.name())).findFirst())
                .map(StackStatus.ServiceStatus::state).orElse("none");
    }

    private double metric(String name) {
        return Lab.metric(Lab.get(api, "/q/metrics"), name);
    }
}
