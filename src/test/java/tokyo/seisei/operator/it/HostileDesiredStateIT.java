package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;

/** Hostile desired-state files beside good ones, through the real Reconciler on the lab engine. */
class HostileDesiredStateIT {

    @TempDir
    Path root;

    @TempDir
    Path outside;

    OperatorUnderTest operator;
    final List<String> stacks = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        operator = new OperatorUnderTest(root);
    }

    @AfterEach
    void cleanUp() {
        operator.close();
        Lab.cleanUp(stacks.toArray(String[]::new));
    }

    private String stack(String suffix) {
        String name = Lab.uniqueStack(suffix);
        stacks.add(name);
        return name;
    }

    @Test
    void aHostileFileBlocksItsOwnStackAndTenOthersConverge() throws IOException {
        List<String> good = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = stack("good" + i);
            int port = Lab.freePort();
            operator.write(name, StackFixtures.app(name, "sha-1a2b3c4", port));
            good.add(name);
            ports.add(port);
        }
        String hostile = stack("hostile");
        StringBuilder bomb = new StringBuilder(StackFixtures.app(hostile, "sha-1a2b3c4", Lab.freePort()));
        bomb.append("x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 30; i++) {
            String previous = "*a" + (i - 1);
            bomb.append("x").append(i).append(": &a").append(i).append(" [").append(String.join(", ",
                    java.util.Collections.nCopies(9, previous))).append("]\n");
        }
        operator.write(hostile, bomb.toString());

        var result = operator.reconcile();

        assertEquals(Phase.Blocked, result.phases().get(hostile));
        for (int i = 0; i < 10; i++) {
            assertEquals(Phase.Ready, result.phases().get(good.get(i)), good.get(i));
            int port = ports.get(i);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version")));
        }
        StackStatus status = operator.status(hostile);
        assertEquals(Phase.Blocked, status.phase());
        assertEquals("InvalidSpec", status.conditions().get(0).reason());
        Path file = operator.desiredStateDir.resolve(hostile + ".yaml");
        assertTrue(status.message().startsWith(file + ":15:5: anchors (&name) are not supported"), status.message());
        assertEquals("", Lab.docker("ps", "-aq", "--filter", "label=tokyo.seisei.operator.stack=" + hostile),
                "nothing of the blocked stack runs");
        List<String> history = operator.historyOf(hostile);
        assertEquals(1, history.size(), history::toString);
        assertTrue(history.get(0).contains(" | deploy |  | blocked | " + file + ":15:5: anchors"), history::toString);
    }

    @Test
    void aSymbolicLinkIsRefusedAndWhatItPointsToAppearsNowhere() throws IOException {
        String good = stack("good");
        int port = Lab.freePort();
        operator.write(good, StackFixtures.app(good, "sha-1a2b3c4", port));
        String linked = stack("linked");
        // a valid stack file, so anything read through the link would show: its version, and a line like /etc/shadow's
        String secret = "root:$6$hostileSaltXyZ$notarealhash0123456789:19000:0:99999:7:::";
        Path target = Files.writeString(outside.resolve("target.yaml"),
                StackFixtures.app(linked, "sha-5ec2e7f", Lab.freePort()) + "# " + secret + "\n");
        Path link = Files.createSymbolicLink(operator.desiredStateDir.resolve(linked + ".yaml"), target);

        var result = operator.reconcile();

        assertEquals(Phase.Ready, result.phases().get(good));
        assertEquals(Phase.Blocked, result.phases().get(linked));
        StackStatus status = operator.status(linked);
        assertEquals("InvalidSpec", status.conditions().get(0).reason());
        assertEquals(link + ":1:1: the file is a symbolic link: only regular files in the desired-state folder are read;"
                + " it is not read", status.message());
        assertNull(status.desiredVersion(), "nothing was read through the link");
        assertEquals("", Lab.docker("ps", "-aq", "--filter", "label=tokyo.seisei.operator.stack=" + linked));

        List<Path> files;
        try (Stream<Path> walk = Files.walk(operator.stateDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.contains(operator.stateDir.resolve("deploy-history.log")), files::toString);
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertFalse(content.contains("hostileSaltXyZ") || content.contains("sha-5ec2e7f"), file + " quotes the link's target");
        }
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(operator.stateDir.resolve("deploy-history.log"))));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                operator.stateDir.resolve("events").resolve(linked + ".jsonl"))));
    }
}
