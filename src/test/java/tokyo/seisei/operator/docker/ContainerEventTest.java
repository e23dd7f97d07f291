package tokyo.seisei.operator.docker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which of the engine's container events may change a list of containers, and which want a look at their stack. */
class ContainerEventTest {

    private static ContainerEvent event(String action) {
        return new ContainerEvent(action, Map.of(DockerEngine.STACK_LABEL, "shop"));
    }

    @Test
    void whatChangesAContainerChangesTheList() {
        for (String action : new String[] {"create", "start", "die", "destroy", "rename", "pause", "unpause",
                "health_status: healthy", "health_status: unhealthy", "restart", "update"}) {
            assertTrue(event(action).changesTheList(), action);
        }
        assertTrue(new ContainerEvent(null, Map.of()).changesTheList(), "an event of no known action");
    }

    @Test
    void aHealthCheckOrAReadOfTheContainerDoesNot() {
        for (String action : new String[] {"exec_create: wget -q -O /dev/null http://127.0.0.1:8080/health",
                "exec_start: wget -q -O /dev/null http://127.0.0.1:8080/health", "exec_die", "top", "attach",
                "resize", "archive-path", "export", "copy", "commit"}) {
            assertFalse(event(action).changesTheList(), action);
        }
    }

    @Test
    void aStopOrAnUnhealthyCheckWantsALook() {
        assertTrue(event("die").needsALook());
        assertTrue(event("health_status: unhealthy").needsALook());
        assertFalse(event("health_status: healthy").needsALook());
        assertFalse(event("start").needsALook());
    }
}
