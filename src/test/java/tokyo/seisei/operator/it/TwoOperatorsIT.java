package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two operators with two state dirs on one engine (tests, CI, a second host dir) leave each other's containers alone. */
class TwoOperatorsIT {

    @TempDir
    Path root;

    final String first = Lab.uniqueStack("first");
    final String second = Lab.uniqueStack("second");

    @Test
    void eachOperatorSeesOnlyItsOwnContainers() throws IOException {
        Path desiredA = Files.createDirectories(root.resolve("a/desired-state"));
        Path stateA = Files.createDirectories(root.resolve("a/state"));
        Path desiredB = Files.createDirectories(root.resolve("b/desired-state"));
        Path stateB = Files.createDirectories(root.resolve("b/state"));
        int portA = Lab.freePort();
        Lab.write(desiredA, first, StackFixtures.app(first, "sha-1a2b3c4", portA));
        Lab.write(desiredB, second, StackFixtures.app(second, "sha-1a2b3c4", Lab.freePort()));
        Stackctl a = new Stackctl(desiredA, stateA).with("OPERATOR_SMOKE_STABLE_FOR", "1s");
        Stackctl b = new Stackctl(desiredB, stateB).with("OPERATOR_SMOKE_STABLE_FOR", "1s");

        assertEquals(0, a.run("reconcile").exitCode());
        String containerOfA = Lab.docker("inspect", "-f", "{{.Id}}", first + "-web");
        assertEquals(0, b.run("reconcile").exitCode());
        assertEquals(0, a.run("reconcile").exitCode());

        assertFalse(Files.exists(stateB.resolve("status").resolve(first + ".yaml")), "b reports nothing of a's stack");
        assertFalse(Files.exists(stateA.resolve("status").resolve(second + ".yaml")), "a reports nothing of b's stack");
        assertEquals(containerOfA, Lab.docker("inspect", "-f", "{{.Id}}", first + "-web"), "a's container untouched");
        assertEquals("200 sha-1a2b3c4", Lab.get(portA, "/version"));
        String instanceA = Files.readString(stateA.resolve("instance-id")).strip();
        assertEquals(instanceA, Lab.docker("inspect", "-f", "{{index .Config.Labels \"tokyo.seisei.operator.instance\"}}",
                first + "-web"));
        assertTrue(b.run("status").output().lines().noneMatch(l -> l.startsWith(first)));
    }

    @AfterEach
    void cleanUp() {
        Lab.cleanUp(first, second);
    }
}
