package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.engine.StackYaml.image;
import static tokyo.seisei.operator.engine.StackYaml.stack;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;

/** spec.dependsOn: a stack is deployed only once the stacks it depends on are Ready, and a cycle is refused. */
@Timeout(30)
class DependencyTest {

    @TempDir
    Path root;

    @Test
    void aStackIsDeployedAfterTheStacksItDependsOnInTheSamePass() {
        TestOperator op = new TestOperator(root).write(stack("app").dependsOn("edge")).write(stack("edge"));

        op.pass();

        assertEquals(Phase.Ready, op.status("edge").phase());
        assertEquals(Phase.Ready, op.status("app").phase());
        assertTrue(op.history().get(0).contains(" | edge | "), "edge first: " + op.history());
        assertTrue(op.history().get(1).contains(" | app | "), op.history().toString());
    }

    @Test
    void aStackWaitsWhileWhatItDependsOnIsNotReadyAndGoesOnOnceItIs() {
        TestOperator op = new TestOperator(root).write(stack("edge").version("broken")).write(stack("app").dependsOn("edge"));
        op.docker.exitsOnStart(image("broken"));
        op.pass();
        assertEquals(Phase.Degraded, op.status("edge").phase());
        assertEquals(Phase.Progressing, op.status("app").phase());
        assertEquals("False " + Reason.DEPENDENCY_NOT_READY, op.condition("app", "Ready"));
        assertTrue(op.status("app").message().startsWith("waits for edge (Degraded) to be Ready"), op.status("app").message());
        assertTrue(op.docker.names("app").isEmpty(), "nothing of app is deployed");

        op.write(stack("edge").version("v2"));
        op.passAfter(Duration.ofMinutes(1), "edge");
        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "app"));
    }

    @Test
    void aCycleOfDependenciesIsRefusedByValidation() {
        TestOperator op = new TestOperator(root).write(stack("a").dependsOn("b")).write(stack("b").dependsOn("a"));

        op.pass();

        assertEquals(Phase.Blocked, op.status("a").phase());
        assertTrue(op.status("a").message().contains("spec.dependsOn makes a cycle: a -> b -> a"), op.status("a").message());
        assertEquals(Phase.Blocked, op.status("b").phase());
    }
}
