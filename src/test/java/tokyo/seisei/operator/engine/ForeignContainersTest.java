package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.engine.StackYaml.stack;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.model.Phase;

/** Another operator's container, on the same engine, is never touched, even when it holds a name this one wants. */
class ForeignContainersTest {

    @TempDir
    Path root;

    @Test
    void aFailedCreateLeavesTheContainerThatHoldsTheNameRunning() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        assertEquals(Phase.Ready, op.pass("shop"));
        FakeDockerEngine.Container mine = op.docker.container("shop-web").orElseThrow();
        op.docker.removeByHand("shop-web");
        String foreign = op.docker.createContainer(mine.spec.labelled(ContainerLabels.INSTANCE, "ffffffffffff"));
        op.docker.startContainer(foreign);

        assertEquals(Phase.Degraded, op.pass("shop"));

        FakeDockerEngine.Container holder = op.docker.container("shop-web").orElseThrow();
        assertEquals(foreign, holder.id);
        assertTrue(holder.running(), "the other operator's container still runs");
        assertTrue(op.status("shop").message().contains("already in use"), op.status("shop").message());
    }
}
