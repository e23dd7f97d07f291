package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The launcher {@code src/bin/stackctl} as {@code make install} ships it: its JVM options change nothing a person
 * sees (stdout alike, stderr alike), its first command leaves a class-data archive beside the application that later starts use, and an archive
 * older than the application is made again, without a word from the JVM on stdout or stderr.
 */
class LauncherIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();

    @Test
    void commandsPrintWhatTheApplicationPrintsAndLeaveAnArchiveThatIsRenewedWhenStale() throws IOException {
        Path home = Files.createDirectories(lab.root().resolve("home"));
        Files.createSymbolicLink(home.resolve("quarkus-app"), Path.of(Stackctl.JAR).toAbsolutePath().getParent());
        Map<String, String> env = Map.of("STACK_OPERATOR_HOME", home.toString(),
                "OPERATOR_DESIRED_STATE_DIR", lab.desiredStateDir().toString(),
                "OPERATOR_STATE_DIR", lab.stateDir().toString());
        Lab.Result plain = lab.stackctl().run("status");
        String expected = plain.output();

        Lab.Result first = Lab.run(List.of("sh", "src/bin/stackctl", "status"), env);
        assertEquals(0, first.exitCode(), first.errors());
        assertEquals(expected, first.output());
        assertFalse(first.errors().contains("[warning]"), "no JVM warning: " + first.errors());
        Path archive = onlyArchive(home);

        Lab.Result second = Lab.run(List.of("sh", "src/bin/stackctl", "status"), env);
        assertEquals(0, second.exitCode(), second.errors());
        assertEquals(expected, second.output());
        assertEquals(plain.errors().strip(), second.errors().strip(), "what the application says on stderr, nothing of the JVM");

        // an application newer than the archive (a new build put in place): the archive is made again
        FileTime old = FileTime.from(Instant.now().minus(1, ChronoUnit.DAYS));
        Files.setLastModifiedTime(archive, old);
        Lab.Result renewed = Lab.run(List.of("sh", "src/bin/stackctl", "status"), env);
        assertEquals(0, renewed.exitCode(), renewed.errors());
        assertEquals(expected, renewed.output());
        assertFalse(renewed.errors().contains("[warning]"), "no JVM warning: " + renewed.errors());
        assertTrue(Files.getLastModifiedTime(onlyArchive(home)).compareTo(old) > 0, "the archive is new");
    }

    private static Path onlyArchive(Path home) throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
            assertEquals(1, archives.size(), "one archive beside the application: " + archives);
            return archives.get(0);
        }
    }
}
