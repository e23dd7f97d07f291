package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.it.StackFixtures.app;
import static tokyo.seisei.operator.it.StackFixtures.withExternalNetwork;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;

/** A failed preflight refuses before anything is touched, and lists every check that fails. */
class PreflightIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final String stack = lab.stack("pre");
    final int port = Lab.freePort();

    @Test
    void missingExternalNetworkBlocksAndTouchesNothing() throws IOException {
        OperatorUnderTest operator = lab.operator();
        operator.write(stack, app(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        String runningId = operator.containerId(stack + "-web").orElseThrow();

        String missing = stack + "-missing";
        operator.write(stack, withExternalNetwork(app(stack, "sha-2b3c4d5", port), missing));
        assertEquals(Phase.Blocked, operator.reconcileOne(stack));
        assertEquals(Phase.Blocked, operator.reconcileOne(stack));

        assertEquals(runningId, operator.containerId(stack + "-web").orElseThrow());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
        StackStatus status = operator.status(stack);
        assertEquals("PreflightFailed", status.conditions().get(0).reason());
        assertTrue(status.message().contains("ExternalNetworkMissing: external network " + missing + " does not exist"),
                status.message());
        List<String> blocked = operator.historyOf(stack).stream().filter(l -> l.contains("| blocked |")).toList();
        assertEquals(1, blocked.size(), blocked::toString);
        assertTrue(blocked.get(0).contains(" | deploy | sha-2b3c4d5 | blocked | ExternalNetworkMissing"), blocked.get(0));

        // named after the stack, so it goes with the stack's containers after the test
        Lab.docker("network", "create", missing);
        assertEquals(Phase.Ready, operator.reconcileOne(stack), "once the network exists the deploy goes on");
        assertEquals("200 sha-2b3c4d5", Lab.get(port, "/version").replace("\n", ""));
    }

    @Test
    void buildAndLatestAreRefusedBeforeAnythingChanges() {
        OperatorUnderTest operator = lab.operator();
        operator.write(stack, app(stack, "sha-1a2b3c4", port));
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        String runningId = operator.containerId(stack + "-web").orElseThrow();

        operator.write(stack, app(stack, "sha-2b3c4d5", port).replace(":${VERSION}", ":latest")
                .replace("      restart: unless-stopped\n", "      restart: unless-stopped\n      build: .\n"));
        assertEquals(Phase.Blocked, operator.reconcileOne(stack));
        String message = operator.status(stack).message();
        assertTrue(message.contains("spec.services.web.build is not allowed: production only pulls published images")
                || message.contains("uses the tag latest"), message);
        assertTrue(message.contains("(and 1 more; run stackctl validate)"), message);
        assertEquals(runningId, operator.containerId(stack + "-web").orElseThrow());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
    }

    @Test
    void everyFailingCheckIsListed() {
        Path desired = lab.desiredStateDir();
        Path state = lab.stateDir();
        // no disk in use is 100% free: both disk checks fail, beside the missing network
        OperatorUnderTest operator = lab.operator(desired, 100, true);
        String missing = stack + "-missing";
        operator.write(stack, withExternalNetwork(app(stack, "sha-1a2b3c4", port), missing));
        assertEquals(Phase.Blocked, operator.reconcileOne(stack));
        String message = operator.status(stack).message();
        assertTrue(message.contains("ExternalNetworkMissing: external network " + missing), message);
        assertTrue(message.contains("DiskLow: the Docker data root /var/lib/docker has"), message);
        assertTrue(message.contains("DiskLow: the state dir " + state + " has"), message);
        assertEquals("", Lab.docker("ps", "-aq", "--filter", "label=tokyo.seisei.operator.stack=" + stack));

        Stackctl stackctl = lab.stackctl().with("OPERATOR_PREFLIGHT_MIN_FREE_DISK_PERCENT", "100");
        Lab.Result result = stackctl.run("preflight", stack);
        assertEquals(1, result.exitCode(), result.output() + result.errors());
        assertTrue(result.output().contains(stack + ": preflight failed, 3 check(s)"), result.output());

        Lab.write(desired, stack, app(stack, "sha-1a2b3c4", port));
        Lab.Result passed = lab.stackctl().run("preflight", stack);
        assertEquals(0, passed.exitCode(), passed.output() + passed.errors());
        assertTrue(passed.output().contains(stack + ": preflight passed"), passed.output());
    }
}
