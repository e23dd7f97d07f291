package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line (the packaged application) on a desired-state folder full of hostile files. */
class HostileStackctlIT {

    @TempDir
    Path root;

    Path desired;
    Path state;
    Stackctl stackctl;
    final String good = Lab.uniqueStack("good");
    final int port = Lab.freePort();

    @BeforeEach
    void hostileFolder() throws Exception {
        desired = Files.createDirectories(root.resolve("desired-state"));
        state = Files.createDirectories(root.resolve("state"));
        stackctl = new Stackctl(desired, state);
        Lab.write(desired, good, StackFixtures.app(good, "sha-1a2b3c4", port));
        String base = StackFixtures.app("NAME", "sha-1a2b3c4", Lab.freePort());
        write("esc", base.replace("hello", "he\u001b[31mllo"));
        write("nul", base.replace("kind: Stack", "kind: St\u0000ack"));
        StringBuilder bomb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 30; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [").append(String.join(", ",
                    java.util.Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
        }
        write("bomb", bomb.toString());
        write("brackets", "[".repeat(60_000) + "\n" + "[".repeat(40_000) + "\n");
        write("mapping", "{k: ".repeat(3_000) + "v" + "}".repeat(3_000) + "\n");
        write("long-value", base.replace("hello", "x".repeat(1_000_000)));
        write("privileged", base.replace(":${VERSION}", ":${VERSION} --privileged"));
        try (RandomAccessFile big = new RandomAccessFile(desired.resolve("big.yaml").toFile(), "rw")) {
            big.setLength(50L * 1024 * 1024);
        }
        Files.createSymbolicLink(desired.resolve("shadow.yaml"), Path.of("/etc/shadow"));
        Process mkfifo = new ProcessBuilder("mkfifo", desired.resolve("fifo.yaml").toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        Files.writeString(desired.resolve("x\n2031-01-01 00:00:00 INFO forged.yaml"), base);
    }

    private void write(String name, String yaml) throws IOException {
        Files.writeString(desired.resolve(name + ".yaml"), yaml.replace("NAME", name));
    }

    @AfterEach
    void cleanUp() {
        Lab.cleanUp(good);
    }

    @Test
    void validateReportsEachHostileFileAtItsPositionWithoutAStackTrace() {
        Lab.Result result = stackctl.run("validate");

        assertEquals(1, result.exitCode(), result.output() + result.errors());
        List<String> lines = result.output().lines().toList();
        assertEquals("12 file(s) checked: 1 valid, 11 invalid (11 error(s), 0 warning(s))", lines.get(lines.size() - 1),
                result.output());
        for (String line : lines.subList(0, lines.size() - 1)) {
            assertTrue(line.startsWith(desired + "/") && line.matches(".*\\.yaml:[1-9][0-9]*:[1-9][0-9]*: .+"), line);
            assertTrue(line.length() < 1_000, "a problem quotes little of its file: " + line.length() + " characters");
        }
        String all = result.output() + result.errors();
        assertFalse(all.lines().anyMatch(l -> l.strip().startsWith("at ")), all);
        assertFalse(all.contains("Exception"), all);
        assertFalse(all.contains("\u001b") || all.contains("\u0000"), "no control character is printed");
        for (String expected : List.of(
                "esc.yaml:14:21: control character U+001B (ESCAPE)",
                "nul.yaml:2:9: control character U+0000 (NULL)",
                "bomb.yaml:1:5: anchors (&name) are not supported",
                "brackets.yaml:1:51: maps and lists nest deeper than 50 levels",
                "mapping.yaml:1:201: maps and lists nest deeper than 50 levels",
                "long-value.yaml:14:1: line 14 is longer than 65536 characters",
                "privileged.yaml:10:14: spec.services.web.image 'localhost:5000/lab/app:sha-1a2b3c4 --privileged' is not an image"
                        + " reference [HOST[:PORT]/]PATH[:TAG][@DIGEST]: the tag 'sha-1a2b3c4 --privileged' must be",
                "big.yaml:1:1: the file is 52428800 bytes, more than operator.max-file-size (1048576 bytes): it is not read",
                "shadow.yaml:1:1: the file is a symbolic link",
                "fifo.yaml:1:1: the file is a special file (FIFO, socket or device)",
                "/x\\n2031-01-01 00:00:00 INFO forged.yaml:1:1: the file name does not make a stack name")) {
            assertTrue(result.output().contains(expected), () -> expected + " in\n" + result.output());
        }
    }

    @Test
    void aSmallerSizeLimitIsASetting() {
        Lab.Result result = stackctl.with("OPERATOR_MAX_FILE_SIZE", "200").run("validate", desired.resolve(good + ".yaml").toString());
        assertEquals(1, result.exitCode(), result.output() + result.errors());
        assertTrue(result.output().contains("more than operator.max-file-size (200 bytes): it is not read"), result.output());
        Lab.Result refused = stackctl.with("OPERATOR_MAX_FILE_SIZE", "0").run("validate");
        assertEquals(2, refused.exitCode(), refused.output() + refused.errors());
        assertTrue(refused.errors().contains("operator.max-file-size must be 1 byte or more, not 0"), refused.errors());
    }

    @Test
    void aGoodStackIsReconciledBesideHostileFiles() {
        Lab.Result result = stackctl.run("reconcile", good);
        assertEquals(0, result.exitCode(), result.output() + result.errors());
        assertEquals(good + " Ready", result.output().strip());
        assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"));
        assertFalse(result.errors().lines().anyMatch(l -> l.strip().startsWith("at ")), result.errors());
    }

    @Test
    void aStackNameThatBreaksTheRuleIsRefusedInOneLine() {
        for (List<String> command : List.of(List.of("status", "../../etc/passwd"), List.of("events", "../x"),
                List.of("retry", "a\nb"), List.of("pause", "..", "--reason", "x"))) {
            Lab.Result result = stackctl.run(command.toArray(String[]::new));
            assertEquals(2, result.exitCode(), command + ": " + result.output() + result.errors());
            assertTrue(result.errors().contains("is not a stack name: lowercase letters, digits and '-'"), command + ": " + result.errors());
            assertFalse(result.errors().lines().anyMatch(l -> l.strip().startsWith("at ")), result.errors());
        }
    }
}
