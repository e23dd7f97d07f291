package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.engine.StackYaml.image;
import static tokyo.seisei.operator.engine.StackYaml.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;

/** Verify or roll back: a version whose container exits gives way to the kept previous container. */
@Timeout(30)
class RollbackTest {

    static final String EXITED = "smoke failed after 0s: web: container exited (exit code 1)";
    /** What the fake engine's failed container wrote, as the status quotes it. */
    static final String LOGGED = "; last log line of web: \"logs of shop-web\" (stackctl logs shop --failed)";

    @TempDir
    Path root;

    /** v1 verified at 13:12:14; the file then asks for v2 (whose container exits), tried at 13:13:14. */
    TestOperator v1ThenBadV2() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        op.docker.exitsOnStart(image("v2"));
        op.write(stack("shop").version("v2"));
        op.clock.advance(Duration.ofMinutes(1));
        return op;
    }

    @Test
    void aVersionThatFailsItsSmokeIsRolledBackToTheKeptContainer() {
        TestOperator op = v1ThenBadV2();
        String v1Id = op.docker.container("shop-web").orElseThrow().id;

        assertEquals(Phase.Degraded, op.pass("shop"));

        StackStatus status = op.status("shop");
        assertEquals(EXITED + "; rolled back to v1" + LOGGED, status.message());
        assertEquals("False SmokeFailed", op.condition("shop", "Ready"));
        assertEquals("v1", status.currentVersion());
        assertEquals("v2", status.failedVersion(), "latched");
        assertEquals("v1", status.verifiedVersion());
        assertEquals(List.of(
                "2026-11-26 13:13:14 | shop | staging | deploy | v2 | fail | " + EXITED,
                "2026-11-26 13:13:14 | shop | staging | rollback | v1 | success | from v2"), op.history().subList(1, 3));
        FakeDockerEngine.Container web = op.docker.container("shop-web").orElseThrow();
        assertEquals(v1Id, web.id, "the kept container, not a new one");
        assertEquals("running", web.state);
        assertEquals(List.of("shop-web"), op.docker.names("shop"), "the failed container is removed, nothing stays parked");
        assertEquals(List.of(image("v1"), image("v2")), op.docker.pulls, "nothing pulled for the rollback");
        assertEquals("v1\n", op.verified("shop"));
        assertEquals(1, op.ledger("shop").size());
        assertEquals(List.of("Smoke -> FAILED SmokeFailed", "Evidence -> EvidenceDone", "Progressing -> Degraded SmokeFailed"),
                op.eventLines("shop").subList(16, 19));
        assertTrue(op.events.phases.contains("shop Degraded v1 SmokeFailed"), op.events.phases.toString());
    }

    @Test
    void anUnhealthyVersionIsStoppedWithoutAGracefulWaitOnceWhatItSaidIsKept() throws IOException {
        TestOperator op = new TestOperator(root).write(stack("shop").healthcheck());
        op.pass("shop");
        op.docker.unhealthyOnStart(image("v2"), "wget: server returned error: HTTP/1.1 404 Not Found\n");
        op.write(stack("shop").version("v2").healthcheck());

        assertEquals(Phase.Degraded, op.passAfter(Duration.ofMinutes(1), "shop"));

        String why = "smoke failed after 0s: web: health is unhealthy: wget: server returned error: HTTP/1.1 404 Not Found";
        assertEquals(why + "; rolled back to v1" + LOGGED, op.status("shop").message());
        assertEquals(List.of("shop-web-previous-20261126131314 10000ms", "shop-web 1000ms"), op.docker.stopped,
                "v1 parked and stopped with the default grace as it was replaced; the failed v2 given the rollback's second");
        Path saved = op.stateDir.resolve("failed").resolve("shop").resolve("web.log");
        assertEquals("logs of shop-web\n", Files.readString(saved));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)));
        JsonNode evidence = op.events("shop").stream().filter(e -> e.path("from").asText().equals("Evidence"))
                .findFirst().orElseThrow();
        assertEquals("web (shop-web): health unhealthy, its healthcheck said \"wget: server returned error: HTTP/1.1 404"
                + " Not Found\"; last log line: \"logs of shop-web\"; its last 1 log line(s) saved in " + saved,
                evidence.path("message").asText());
    }

    static final String SECRET = "s3cret-db-pass";

    /** v1 verified, with a healthcheck and the password in its environment from the operator's. */
    TestOperator v1WithASecret() {
        TestOperator op = TestOperator.withEnvironment(root, Map.of("DB_PASSWORD", SECRET))
                .write(stack("shop").healthcheck().env("DB_PASSWORD", "${DB_PASSWORD}"));
        op.pass("shop");
        return op;
    }

    @Test
    void aSecretTheFailedVersionPrintedAcrossTheCutOfItsQuoteIsMaskedWholeInTheEvents() throws IOException {
        String secret = SECRET;
        TestOperator op = v1WithASecret();
        String said = "x".repeat(150) + " " + secret + " and more";
        op.docker.unhealthyOnStart(image("v2"), said).logs(image("v2"), said + "\n");
        op.write(stack("shop").version("v2").healthcheck().env("DB_PASSWORD", "${DB_PASSWORD}"));

        assertEquals(Phase.Degraded, op.passAfter(Duration.ofMinutes(1), "shop"));

        String quoted = "\"" + "x".repeat(150) + " **** and ...\"";
        JsonNode evidence = op.events("shop").stream().filter(e -> e.path("from").asText().equals("Evidence")).findFirst()
                .orElseThrow();
        assertTrue(evidence.path("message").asText().contains("its healthcheck said " + quoted + "; last log line: " + quoted),
                evidence.path("message").asText());
        op.events("shop").forEach(e -> assertFalse(e.toString().contains("s3cret-d"), e.toString()));
        assertFalse(op.status("shop").message().contains("s3cret-d"), op.status("shop").message());
    }

    @Test
    void aSecretFromTheOperatorsEnvironmentTheFailedVersionPrintedIsMaskedInItsSavedLogTheEventsAndTheStatus() throws IOException {
        String secret = SECRET;
        TestOperator op = v1WithASecret();
        op.docker.unhealthyOnStart(image("v2"), "").logs(image("v2"), "connecting with password " + secret + "\n");
        op.write(stack("shop").version("v2").healthcheck().env("DB_PASSWORD", "${DB_PASSWORD}"));

        assertEquals(Phase.Degraded, op.passAfter(Duration.ofMinutes(1), "shop"));

        String saved = Files.readString(op.stateDir.resolve("failed").resolve("shop").resolve("web.log"));
        assertTrue(saved.contains("connecting with password "), saved);
        assertFalse(saved.contains(secret), saved);
        assertFalse(op.status("shop").message().contains(secret), op.status("shop").message());
        assertTrue(op.status("shop").message().contains("last log line of web: \"connecting with password "),
                op.status("shop").message());
        op.events("shop").forEach(e -> assertFalse(e.toString().contains(secret), e.toString()));
    }

    @Test
    void aServiceThatDeclaresItsStopGracePeriodKeepsItInARollback() {
        TestOperator op = new TestOperator(root).write(stack("shop").healthcheck().stopGracePeriod("30s"));
        op.pass("shop");
        op.docker.unhealthyOnStart(image("v2"), "");
        op.write(stack("shop").version("v2").healthcheck().stopGracePeriod("30s"));

        assertEquals(Phase.Degraded, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals("smoke failed after 0s: web: health is unhealthy; rolled back to v1" + LOGGED, op.status("shop").message());
        assertEquals(List.of("shop-web-previous-20261126131314 30000ms", "shop-web 30000ms"), op.docker.stopped);
    }

    @Test
    void theLogsOfAnEarlierFailureGiveWayToThoseOfTheLast() throws IOException {
        TestOperator op = v1ThenBadV2();
        Path failed = op.stateDir.resolve("failed").resolve("shop");
        Files.createDirectories(failed);
        Files.writeString(failed.resolve("worker.log"), "an earlier failure\n");

        assertEquals(Phase.Degraded, op.pass("shop"));

        try (var files = Files.list(failed)) {
            assertEquals(List.of("web.log"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void aPreviousContainerRemovedByHandDuringTheSmokeLeavesTheNewOneInPlace() {
        TestOperator op = v1ThenBadV2();
        op.docker.afterCall((call, c) -> call.equals("start") && c != null && c.image.equals(image("v2")),
                () -> op.docker.removeByHand("shop-web-previous-20261126131314"));

        assertEquals(Phase.Failed, op.pass("shop"));

        assertTrue(op.status("shop").message().contains("web: the previous container shop-web ("),
                op.status("shop").message());
        assertTrue(op.status("shop").message().contains(") is gone, so the new one is left as it is"), op.status("shop").message());
        assertEquals(image("v2"), op.docker.container("shop-web").orElseThrow().image, "the service keeps a container");
    }

    @Test
    void aRecordThatCannotBeWrittenOnceTheDeployFailedDoesNotStopTheRollback() {
        TestOperator op = v1ThenBadV2();
        String v1Id = op.docker.container("shop-web").orElseThrow().id;
        // the state disk refuses writes from the new container's start on (a full disk, played by a file in the way)
        op.docker.afterCall((call, c) -> call.equals("start") && c != null && c.image.equals(image("v2")), () -> {
            try {
                Path operations = op.stateDir.resolve("operations");
                try (var records = Files.list(operations)) {
                    for (Path record : records.toList()) {
                        Files.delete(record);
                    }
                }
                Files.delete(operations);
                Files.writeString(operations, "not a folder");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        op.pass("shop"); // its end cannot be recorded whole either: the record cannot be removed from a folder gone

        FakeDockerEngine.Container web = op.docker.container("shop-web").orElseThrow();
        assertEquals(v1Id, web.id, "the previous container is back under its name");
        assertEquals("running", web.state);
        assertEquals(List.of("shop-web"), op.docker.names("shop"));
        assertEquals(null, op.status("shop").failedVersion(), "a state disk that refuses writes is not v2's fault");
    }

    @Test
    void aRollbackWhosePreviousVersionFailsTooLeavesTheStackFailed() {
        TestOperator op = v1ThenBadV2();
        op.docker.exitsOnStart(image("v1"));

        assertEquals(Phase.Failed, op.pass("shop"));

        StackStatus status = op.status("shop");
        String problem = "the previous version does not pass its smoke either: " + EXITED;
        assertEquals(EXITED + LOGGED + "; rollback failed: " + problem + "; nothing more is changed until a person acts",
                status.message());
        assertEquals("False RollbackFailed", op.condition("shop", "Ready"));
        assertEquals("True RollbackFailed", op.condition("shop", "Stalled"));
        assertEquals("v2", status.failedVersion());
        assertEquals(List.of(
                "2026-11-26 13:13:14 | shop | staging | deploy | v2 | fail | " + EXITED,
                "2026-11-26 13:13:14 | shop | staging | rollback | v1 | fail | " + problem), op.history().subList(1, 3));
    }

    @Test
    void aFailedStackIsLeftAloneAtTheNextPass() {
        TestOperator op = v1ThenBadV2();
        op.docker.exitsOnStart(image("v1"));
        op.pass("shop");
        long changes = op.docker.changes();
        String statusBefore = TestOperator.read(op.statusFile("shop"));

        assertEquals(Phase.Failed, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals(changes, op.docker.changes(), "no start, no pull, nothing");
        assertEquals("exited", op.docker.container("shop-web").orElseThrow().state);
        assertEquals(3, op.history().size());
        assertEquals(statusBefore, TestOperator.read(op.statusFile("shop")));
    }

    @Test
    void aMissingTagFailsBeforeAnythingIsReplaced() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        op.docker.missingTag(image("v2"));
        op.write(stack("shop").version("v2"));

        assertEquals(Phase.Degraded, op.passAfter(Duration.ofMinutes(1), "shop"));

        String why = "pull " + image("v2") + " failed: Cannot pull image " + image("v2") + ": not found: manifest for "
                + image("v2") + " not found: manifest unknown: manifest unknown";
        assertEquals(why, op.status("shop").message());
        assertEquals("False PullFailed", op.condition("shop", "Ready"));
        assertEquals("v2", op.status("shop").failedVersion());
        assertEquals(List.of("2026-11-26 13:13:14 | shop | staging | deploy | v2 | fail | " + why), op.history().subList(1, 2));
        assertEquals(2, op.history().size(), "nothing was replaced: no rollback line");
        assertEquals(image("v1"), op.docker.container("shop-web").orElseThrow().image);
        assertEquals(List.of("shop-web"), op.docker.names("shop"));
    }

    @Test
    void aFirstDeployThatFailsRemovesWhatItCreated() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.docker.exitsOnStart(image("v1"));

        assertEquals(Phase.Degraded, op.pass("shop"));

        assertEquals(EXITED + LOGGED, op.status("shop").message(), "nothing to roll back to");
        assertEquals("v1", op.status("shop").failedVersion());
        assertEquals(List.of(TestOperator.START_LOCAL + " | shop | staging | deploy | v1 | fail | " + EXITED), op.history());
        assertEquals(List.of(), op.docker.names("shop"));
    }

    @Test
    void aFailedStackPausedAndResumedIsStillFailedAndLeftAlone() {
        TestOperator op = v1ThenBadV2();
        op.docker.exitsOnStart(image("v1"));
        op.pass("shop");
        op.operator.operations().pause("shop", "looking at it", "akiko");
        op.passAfter(Duration.ofMinutes(1), "shop");
        op.operator.operations().resume("shop");
        long changes = op.docker.changes();

        assertEquals(Phase.Failed, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals("the rollback from v2 failed; nothing more is changed until a person acts (change the desired state,"
                + " or stackctl retry shop)", op.status("shop").message());
        assertEquals("False RollbackFailed", op.condition("shop", "Ready"));
        assertEquals(changes, op.docker.changes());
        assertEquals(5, op.history().size(), "the deploys and the rollback, then the pause and the resume");
    }
}
