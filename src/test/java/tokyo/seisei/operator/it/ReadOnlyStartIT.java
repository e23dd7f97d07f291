package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stackctl status} and {@code history} answer without starting the application, and read the very settings
 * the application would: each case runs them both ways ({@code -Dstackctl.start=full} starts the application) and
 * both must name the same state dir, the one the case set.
 */
class ReadOnlyStartIT {

    static final String STARTED = "powered by Quarkus";

    @TempDir
    Path root;

    @Test
    void statusAndHistoryDoNotStartTheApplication() throws IOException {
        Map<String, String> env = Map.of("OPERATOR_STATE_DIR", root.toString());
        Map<String, String> logStart = Map.of("OPERATOR_STATE_DIR", root.toString(), "QUARKUS_LOG_CATEGORY__IO_QUARKUS__LEVEL", "INFO");
        Path status = Files.createDirectories(root.resolve("status"));
        Files.writeString(status.resolve("web.yaml"), "stack: web\nenvironment: staging\nphase: Ready\ncurrentVersion: sha-1a2b3c4\n");
        Files.writeString(root.resolve("deploy-history.log"),
                "2026-11-30 10:00:00 | web | staging | deploy | sha-1a2b3c4 | success |\n");
        for (String command : List.of("status", "history")) {
            Lab.Result quick = stackctl(List.of(command), logStart, root);
            assertEquals(0, quick.exitCode(), quick.errors());
            assertFalse(quick.errors().contains(STARTED), command + " started the application: " + quick.errors());
            Lab.Result started = stackctl(List.of("-Dstackctl.start=full"), List.of(command), logStart, root);
            assertTrue(started.errors().contains(STARTED), "a start is seen: " + started.errors());

            Lab.Result full = stackctl(List.of("-Dstackctl.start=full"), List.of(command), env, root);
            Lab.Result same = stackctl(List.of(command), env, root);
            assertEquals(full.output(), same.output(), command + " prints the same either way");
            assertEquals(full.errors(), same.errors(), command + " says the same on stderr either way");
        }
        Lab.Result table = stackctl(List.of("status"), env, root);
        assertTrue(table.output().lines().anyMatch(l -> l.matches("web +staging +Ready +- +sha-1a2b3c4 .*")), table.output());
    }

    @Test
    void theSettingsComeFromTheApplicationsSourcesInItsOrder() throws IOException {
        Path work = Files.createDirectories(root.resolve("work"));
        Path config = Files.createDirectories(work.resolve("config")).resolve("application.properties");
        Path located = root.resolve("located.properties");

        Files.writeString(config, "operator.state-dir=" + root.resolve("from-config-dir") + "\n");
        assertStateDir(root.resolve("from-config-dir"), List.of(), Map.of(), work);

        Files.writeString(config, "operator.state-dir=" + root.resolve("unprofiled") + "\n"
                + "%prod.operator.state-dir=" + root.resolve("prod-profile") + "\n");
        assertStateDir(root.resolve("prod-profile"), List.of(), Map.of(), work);

        assertStateDir(root.resolve("from-env"), List.of(), Map.of("OPERATOR_STATE_DIR", root.resolve("from-env").toString()), work);
        assertStateDir(root.resolve("from-property"), List.of("-Doperator.state-dir=" + root.resolve("from-property")),
                Map.of("OPERATOR_STATE_DIR", root.resolve("from-env").toString()), work);

        Files.delete(config);
        Files.writeString(located, "operator.state-dir=" + root.resolve("located") + "\n");
        assertStateDir(root.resolve("located"), List.of(), Map.of("QUARKUS_CONFIG_LOCATIONS", located.toUri().toString()), work);

        Lab.Result wrong = stackctl(List.of("status"), Map.of("OPERATOR_POLL_INTERVAL", "soon",
                "OPERATOR_STATE_DIR", root.toString()), work);
        assertEquals(2, wrong.exitCode(), "a setting that does not parse stops status as any command: " + wrong.errors());
        assertTrue(wrong.errors().contains("operator.poll-interval"), wrong.errors());
    }

    private void assertStateDir(Path expected, List<String> jvmOptions, Map<String, String> env, Path workingDir) {
        for (String command : List.of("status", "history")) {
            Lab.Result quick = stackctl(jvmOptions, List.of(command), env, workingDir);
            List<String> full = new ArrayList<>(jvmOptions);
            full.add("-Dstackctl.start=full");
            Lab.Result started = stackctl(full, List.of(command), env, workingDir);
            assertEquals(0, quick.exitCode(), quick.errors());
            assertTrue(quick.errors().startsWith("state dir: " + expected + "\n"), command + ": " + quick.errors());
            assertTrue(started.errors().startsWith("state dir: " + expected + "\n"), command + ", started: " + started.errors());
        }
    }

    private static Lab.Result stackctl(List<String> args, Map<String, String> env, Path workingDir) {
        return stackctl(List.of(), args, env, workingDir);
    }

    private static Lab.Result stackctl(List<String> jvmOptions, List<String> args, Map<String, String> env, Path workingDir) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", Path.of(Stackctl.JAR).toAbsolutePath().toString()));
        command.addAll(args);
        Map<String, String> environment = new HashMap<>(env);
        environment.putIfAbsent("OPERATOR_DESIRED_STATE_DIR", "/nonexistent-desired-state");
        return Lab.run(command, environment, workingDir);
    }
}
