package tokyo.seisei.operator.engine.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.Fixtures;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.hold.HoldPoints;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.Planner;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.source.DesiredStateLoader;

/** The step reads spec.smoke from the deployment's desired stack and turns the verdict into its outcome. */
class SmokeStepTest {

    @TempDir
    Path dir;

    /** Containers by name, as inspect reports them; nothing else of the engine is used. */
    final Map<String, ContainerDetails> containers = new HashMap<>();
    final DockerEngine docker = (DockerEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {DockerEngine.class}, (proxy, method, args) -> {
                if (method.getName().equals("inspectContainer")) {
                    return Optional.ofNullable(containers.get((String) args[0]));
                }
                throw new UnsupportedOperationException(method.getName());
            });

    Deployment deployment(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("shop.yaml"), yaml);
        DesiredStack desired = new StackRenderer().render(new DesiredStateLoader(Map.of()).load(file));
        return new Deployment(new Planner().plan(desired, List.of()), docker, Clock.systemUTC(), d -> { }, Map.of(),
                HoldPoints.NONE, List.of());
    }

    static ContainerDetails container(String name, String status, String health, Integer exitCode) {
        return new ContainerDetails("id-" + name, name, "image", "sha256:1", status, health, 0, exitCode, "no", Map.of(), Map.of(), "{}");
    }

    @Test
    void doneWhenEveryContainerRunsAndIsHealthy() throws IOException {
        containers.put("shop-web", container("shop-web", "running", null, 0));
        containers.put("shop-db", container("shop-db", "running", "healthy", 0));
        SmokeStep step = new SmokeStep(new SmokeRunner(docker, Clock.systemUTC(), Duration.ZERO));
        StepOutcome outcome = step.run(deployment(Fixtures.SHOP + "  smoke: {timeout: 2s, interval: 1s}\n"));
        assertEquals("Smoke", step.name().label());
        assertTrue(outcome.done(), outcome.toString());
        assertTrue(outcome.message().startsWith("smoke passed in "), outcome.message());
    }

    @Test
    void failedWithSmokeFailedWhenAContainerExited() throws IOException {
        containers.put("shop-web", container("shop-web", "running", null, 0));
        containers.put("shop-db", container("shop-db", "exited", null, 1));
        SmokeStep step = new SmokeStep(new SmokeRunner(docker, Clock.systemUTC(), Duration.ZERO));
        StepOutcome outcome = step.run(deployment(Fixtures.SHOP));
        assertEquals(StepOutcome.Result.FAILED, outcome.result());
        assertEquals(Reason.SMOKE_FAILED, outcome.reason());
        assertEquals(Reason.SMOKE_FAILED, step.failureReason());
        assertTrue(outcome.message().matches("smoke failed after [0-9.]+s: db: container exited \\(exit code 1\\)"),
                outcome.message());
    }
}
