package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.engine.StackYaml.image;
import static tokyo.seisei.operator.engine.StackYaml.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;

/** The engine goes away in the middle of a deploy: nothing is called Ready that no smoke checked, and nothing is lost. */
@Timeout(30)
class EngineLossTest {

    @TempDir
    Path root;

    @Test
    void aRollbackCutShortByTheEngineIsFinishedOnceItIsBackAndTheVersionIsNotBlamed() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        op.write(stack("shop").version("v2"));
        op.docker.afterCall((operation, c) -> operation.equals("start") && c != null && image("v2").equals(c.image),
                () -> op.docker.unreachable(true));

        op.passAfter(Duration.ofMinutes(1), "shop");

        assertEquals(Reason.ENGINE_UNREACHABLE, op.status("shop").conditions().get(0).reason(), op.status("shop").message());
        assertTrue(Files.exists(root.resolve("state").resolve("operations").resolve("shop.json")),
                "the deploy's record waits for the engine");
        assertEquals(1, op.history().size(), "nothing is closed yet");

        op.docker.unreachable(false);
        assertEquals(Phase.Degraded, op.passAfter(Duration.ofMinutes(1), "shop"), op.status("shop").message());
        assertEquals("v1", op.status("shop").currentVersion(), "the smoke of v2 never ran: the version that ran before is back");
        assertEquals(null, op.status("shop").failedVersion(), "the engine's outage is not the version's failure");
        assertTrue(op.history().get(1).contains(" | deploy | v2 | fail | "), op.history().get(1));
        assertTrue(op.history().get(2).contains(" | rollback | v1 | success | from v2; resumed after restart"), op.history().get(2));
        assertTrue(Files.notExists(root.resolve("state").resolve("operations").resolve("shop.json")));

        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"), "v2 is deployed again, and its smoke decides");
        assertEquals("v2", op.status("shop").verifiedVersion());
    }
}
