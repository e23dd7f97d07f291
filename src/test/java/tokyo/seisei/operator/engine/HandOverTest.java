package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.engine.StackYaml.stack;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.model.Phase;

/**
 * One commit moves a host port or a container name from one stack to another: the stack that takes it over goes
 * after the one that holds it, so the engine never refuses it. One worker, so the order is the pass's alone.
 */
@Timeout(60)
class HandOverTest {

    @TempDir
    Path root;

    @Test
    void aHostPortMovedToAnotherStackIsTakenOnceReleased() {
        TestOperator op = TestOperator.oneAtATime(root).write(stack("beta").publishes("8080:80")).write(stack("alpha"));
        assertEquals(Map.of("alpha", Phase.Ready, "beta", Phase.Ready), op.pass().phases());

        op.write(stack("beta").version("v2")).write(stack("alpha").version("v2").publishes("8080:80"));
        assertEquals(Map.of("alpha", Phase.Ready, "beta", Phase.Ready), op.pass().phases());

        FakeDockerEngine.Container alpha = op.docker.container("alpha-web").orElseThrow();
        assertTrue(alpha.running());
        assertEquals(8080, alpha.spec.ports().get(0).hostPort());
        assertTrue(op.docker.container("beta-web").orElseThrow().spec.ports().isEmpty());
    }

    @Test
    void aContainerNameMovedToAnotherStackIsTakenOnceReleased() {
        TestOperator op = TestOperator.oneAtATime(root).write(stack("beta").containerName("site")).write(stack("alpha"));
        assertEquals(Map.of("alpha", Phase.Ready, "beta", Phase.Ready), op.pass().phases());

        op.write(stack("beta").version("v2")).write(stack("alpha").version("v2").containerName("site"));
        assertEquals(Map.of("alpha", Phase.Ready, "beta", Phase.Ready), op.pass().phases());

        FakeDockerEngine.Container site = op.docker.container("site").orElseThrow();
        assertEquals("alpha", site.label(ContainerLabels.STACK));
        assertTrue(site.running());
        assertTrue(op.docker.container("beta-web").orElseThrow().running());
    }

    @Test
    void twoStacksSwappingTheirPortsEndThePassInsteadOfWaitingForEachOther() {
        TestOperator op = TestOperator.oneAtATime(root).write(stack("alpha").publishes("8080:80")).write(stack("beta").publishes("8081:80"));
        assertEquals(Map.of("alpha", Phase.Ready, "beta", Phase.Ready), op.pass().phases());

        op.write(stack("alpha").version("v2").publishes("8081:80")).write(stack("beta").version("v2").publishes("8080:80"));
        Map<String, Phase> phases = op.pass().phases();

        assertEquals(2, phases.size(), phases.toString());
        assertTrue(phases.containsValue(Phase.Degraded), "a swap cannot be made without a gap: one is refused and rolled back");
    }
}
