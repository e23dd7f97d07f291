package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make install} and {@code make uninstall} into a temporary root (DESTDIR), as on a real host: the packaged
 * application, the launcher, the systemd unit and the host's settings, which are never overwritten nor removed.
 * Uses the package built before the integration tests; make is told not to build it again.
 */
class InstallIT {

    @TempDir
    Path root;

    @Test
    void installLaysOutTheHostAndUninstallKeepsItsSettings() throws IOException {
        Lab.Result installed = make("install");
        assertEquals(0, installed.exitCode(), installed.output() + installed.errors());
        assertTrue(Files.isRegularFile(root.resolve("opt/stack-operator/quarkus-app/quarkus-run.jar")));
        Path launcher = root.resolve("usr/local/bin/stackctl");
        assertTrue(Files.isExecutable(launcher));
        String unit = Files.readString(root.resolve("etc/systemd/system/stack-operator.service"));
        assertTrue(unit.contains("\nExecStart=/usr/local/bin/stackctl run\n"), unit);
        assertTrue(unit.contains("\nRestart=on-failure\n"), unit);
        Path settings = root.resolve("etc/stack-operator/application.properties");
        List<String> set = Files.readAllLines(settings).stream().filter(l -> l.startsWith("operator.")).toList();
        assertEquals(List.of("operator.state-dir=/srv", "operator.desired-state-dir=/srv/desired-state"), set,
                "the runbook's folders; the git settings are there, commented");
        assertTrue(Files.readString(settings).contains("\n#operator.git.url="));

        Lab.Result version = Lab.run(List.of(launcher.toString(), "--version"),
                Map.of("STACK_OPERATOR_HOME", root.resolve("opt/stack-operator").toString()));
        assertEquals(0, version.exitCode(), version.errors());
        assertTrue(version.output().startsWith("stackctl "), "the launcher runs the installed application: " + version.output());

        Files.writeString(settings, "operator.state-dir=/data/operator\n");
        Lab.Result again = make("install");
        assertEquals(0, again.exitCode(), again.output() + again.errors());
        assertEquals("operator.state-dir=/data/operator\n", Files.readString(settings), "a host's own settings are kept");
        assertTrue(again.output().contains("kept the host's settings /etc/stack-operator/application.properties"), again.output());

        Lab.Result removed = make("uninstall");
        assertEquals(0, removed.exitCode(), removed.output() + removed.errors());
        assertFalse(Files.exists(root.resolve("opt/stack-operator")));
        assertFalse(Files.exists(launcher));
        assertFalse(Files.exists(root.resolve("etc/systemd/system/stack-operator.service")));
        assertEquals("operator.state-dir=/data/operator\n", Files.readString(settings), "uninstall keeps the settings");
        assertTrue(removed.output().contains("kept /etc/stack-operator/application.properties and the state dir"),
                removed.output());
    }

    @Test
    void theUnitPassesSystemdAnalyzeVerify() throws IOException {
        assumeTrue(onPath("systemd-analyze"), "assuming the unit is right by its content alone: systemd-analyze is not"
                + " installed here, so `systemd-analyze verify` cannot check it");
        assertEquals(0, make("install").exitCode());
        // verify checks that ExecStart exists: the copy to check names the launcher where DESTDIR put it
        Path unit = Files.createDirectories(root.resolve("verify")).resolve("stack-operator.service");
        Files.writeString(unit, Files.readString(root.resolve("etc/systemd/system/stack-operator.service"))
                .replace("\nExecStart=/", "\nExecStart=" + root + "/"));
        Lab.Result verify = Lab.run(List.of("systemd-analyze", "verify", unit.toString()));
        assertEquals(0, verify.exitCode(), verify.output() + verify.errors());
        assertEquals("", verify.errors() + verify.output(), "no key systemd would ignore");
    }

    private Lab.Result make(String target) {
        List<String> command = new ArrayList<>(List.of("make", "--no-print-directory", "-C",
                Path.of("").toAbsolutePath().toString(), "-o", "target/quarkus-app/quarkus-run.jar", target,
                "DESTDIR=" + root, "MVN=false"));
        return Lab.run(command);
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }
}
