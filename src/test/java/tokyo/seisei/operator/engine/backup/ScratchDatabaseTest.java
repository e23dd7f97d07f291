package tokyo.seisei.operator.engine.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import tokyo.seisei.operator.docker.ContainerSpec;

class ScratchDatabaseTest {

    @Test
    void theServicesHealthcheckIsRunAsAnArgumentArray() {
        assertEquals(List.of("pg_isready", "-U", "postgres"),
                ScratchDatabase.commandOf(check(List.of("CMD", "pg_isready", "-U", "postgres"))));
        assertEquals(List.of("/bin/sh", "-c", "pg_isready -U postgres"),
                ScratchDatabase.commandOf(check(List.of("CMD-SHELL", "pg_isready -U postgres"))));
        assertEquals(List.of(), ScratchDatabase.commandOf(check(List.of("NONE"))));
        assertEquals(List.of(), ScratchDatabase.commandOf(null));
    }

    @Test
    void aThrowawayContainerCannotBearTheNameOfAStacksContainer() {
        // a stack's containers are <stack>-<service>; a stack name has no '.'
        assertEquals("verify.shop.20261126_141503.db", ScratchDatabase.nameOf("shop", "20261126_141503", "db"));
    }

    private static ContainerSpec.Healthcheck check(List<String> test) {
        return new ContainerSpec.Healthcheck(test, null, null, null, null);
    }
}
