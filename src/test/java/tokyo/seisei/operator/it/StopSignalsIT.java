package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.model.Phase;

/**
 * How a replaced container is stopped: by its stop signal, which reaches a server that is the container's PID 1
 * only through an init ({@code init: true}); without one, the server ignores it and is killed at the end of its
 * grace period.
 */
class StopSignalsIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final OperatorUnderTest operator = lab.operator();
    final String stack = lab.stack("stop");
    final int port = Lab.freePort();

    static final String INIT = "      init: true\n";

    /**
     * The lab app with busybox httpd itself as the container's process, serving the image's files, under the
     * engine's init. (The lab app's own entrypoint traps SIGTERM, so it would stop at once either way.)
     */
    String server(String version) {
        return StackFixtures.app(stack, version, port).replace("      restart: unless-stopped\n",
                "      restart: unless-stopped\n      entrypoint: [httpd, -f, -p, \"8080\", -h, /www]\n" + INIT);
    }

    /** Deploys v1 then v2, and returns how the v1 container, replaced and kept, ended: its exit code. */
    int exitCodeOfTheReplaced(String v1, String v2) {
        operator.write(stack, v1);
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        operator.write(stack, v2);
        assertEquals(Phase.Ready, operator.reconcileOne(stack));
        assertEquals("200 sha-2b3c4d5", Lab.get(port, "/version"));
        List<String> kept = Lab.docker("ps", "-a", "--filter", "name=^" + stack + "-web-previous-", "--format",
                "{{.Names}}").lines().toList();
        assertEquals(1, kept.size(), "the replaced container is kept: " + kept);
        return Integer.parseInt(Lab.docker("inspect", "--format", "{{.State.ExitCode}}", kept.get(0)));
    }

    @Test
    void aServerUnderInitIsStoppedByItsSignal() {
        int exitCode = exitCodeOfTheReplaced(server("sha-1a2b3c4"), server("sha-2b3c4d5"));

        assertTrue(exitCode == 143 || exitCode == 0, "ended by SIGTERM (143) or on it (0), not killed (137): " + exitCode);
    }

    @Test
    void withoutInitTheSameServerIgnoresItsSignalAndIsKilledAtTheEndOfItsGracePeriod() {
        String graceOfOneSecond = "      stop_grace_period: 1s\n";

        int exitCode = exitCodeOfTheReplaced(server("sha-1a2b3c4").replace(INIT, graceOfOneSecond),
                server("sha-2b3c4d5").replace(INIT, graceOfOneSecond));

        assertEquals(137, exitCode, "SIGKILL once the grace period was over");
    }
}
