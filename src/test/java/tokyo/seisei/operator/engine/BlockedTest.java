package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static tokyo.seisei.operator.engine.StackYaml.image;
import static tokyo.seisei.operator.engine.StackYaml.stack;
import static tokyo.seisei.operator.engine.TestOperator.START_LOCAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;

/** A stack that cannot be applied as it is: Blocked, nothing touched, one history line per revision of its file. */
@Timeout(30)
class BlockedTest {

    @TempDir
    Path root;

    @Test
    void anInvalidFileBlocksTheStackWithOneHistoryLinePerRevision() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        long changes = op.docker.changes();
        op.write(stack("shop").version("v2").misspelt());
        String problem = op.desiredDir.resolve("shop.yaml")
                + ":11:15: unknown field 'imagee' in spec.services.web; did you mean 'image'?";

        assertEquals(Phase.Blocked, op.passAfter(Duration.ofMinutes(1), "shop"));
        assertEquals(Phase.Blocked, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals(problem, op.status("shop").message());
        assertEquals("True InvalidSpec", op.condition("shop", "Stalled"));
        assertEquals(List.of("2026-11-26 13:13:14 | shop | staging | deploy | v2 | blocked | " + problem),
                op.history().subList(1, op.history().size()), "once for this revision, not per pass");
        assertEquals(changes, op.docker.changes());
        assertEquals(image("v1"), op.docker.container("shop-web").orElseThrow().image, "v1 keeps running");

        op.write(stack("shop").version("v3").misspelt());
        op.passAfter(Duration.ofMinutes(1), "shop");
        assertEquals("2026-11-26 13:15:14 | shop | staging | deploy | v3 | blocked | " + problem, op.history().get(2),
                "a new revision, a new line");
    }

    @Test
    void aMissingExternalNetworkBlocksOnceAndTheDeployGoesOnOnceItExists() {
        TestOperator op = new TestOperator(root).write(stack("shop").externalNetwork("edge"));
        String missing = "ExternalNetworkMissing: external network edge does not exist (docker network create edge)";

        assertEquals(Phase.Blocked, op.pass("shop"));
        assertEquals(Phase.Blocked, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals(missing, op.status("shop").message());
        assertEquals("True PreflightFailed", op.condition("shop", "Stalled"));
        assertEquals(List.of(START_LOCAL + " | shop | staging | deploy | v1 | blocked | " + missing), op.history());
        assertEquals(List.of(), op.docker.names("shop"));
        assertEquals(0, op.docker.changes());
        assertEquals(List.of("DigestCheck -> DigestCheckDone", "Preflight -> BLOCKED PreflightFailed",
                "- -> Blocked PreflightFailed", "DigestCheck -> DigestCheckDone"), op.eventLines("shop"),
                "the refusal is journalled once");

        op.docker.network("edge");
        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"));
        assertEquals("running", op.docker.container("shop-web").orElseThrow().state);
    }

    @Test
    void anEnvFileGoneAfterValidationBlocksTheRender() throws IOException {
        TestOperator op = new TestOperator(root).write(stack("shop").envFile("web.env")).write("web.env", "GREETING=hello\n");
        Path envFile = op.desiredDir.resolve("web.env");
        op.docker.beforeNextList(() -> delete(envFile)); // after the files were read and checked, before the render

        assertEquals(Phase.Blocked, op.pass("shop"));

        String message = op.desiredDir.resolve("shop.yaml") + ": spec.services.web.env_file: " + envFile
                + " does not exist or cannot be read";
        assertEquals(message, op.status("shop").message());
        assertEquals("True InvalidSpec", op.condition("shop", "Stalled"));
        assertEquals(1, op.history().size());
        assertEquals(List.of(START_LOCAL + " | shop | staging | deploy | v1 | blocked | " + message), op.history());
        assertEquals(0, op.docker.changes());
    }

    static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aStackWrittenInTwoFilesIsBlockedOnce() {
        TestOperator op = new TestOperator(root).write(stack("shop")).write("shop.yml", stack("shop").yaml());

        PassResult pass = op.pass();

        assertEquals(Map.of("shop", Phase.Blocked), pass.phases());
        assertEquals(op.desiredDir.resolve("shop.yaml") + ":1:1: stack shop is also defined by " + op.desiredDir.resolve("shop.yml")
                + ": keep one file per stack", op.status("shop").message());
        assertEquals(1, op.history().size());
        assertEquals(0, op.docker.changes());
    }
}
