package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.engine.StackYaml.image;
import static tokyo.seisei.operator.engine.StackYaml.stack;
import static tokyo.seisei.operator.engine.TestOperator.START_LOCAL;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;

/** A deploy whose smoke passes: Ready, verified, recorded; then passes with nothing to do cost one request. */
@Timeout(30)
class VerifiedDeployTest {

    @TempDir
    Path root;

    @Test
    void aFirstDeployIsVerifiedAndRecorded() {
        TestOperator op = new TestOperator(root).write(stack("shop"));

        assertEquals(Phase.Ready, op.pass("shop"));

        StackStatus status = op.status("shop");
        assertEquals("running v1", status.message());
        assertEquals("v1", status.currentVersion());
        assertEquals("v1", status.verifiedVersion());
        assertEquals("True ReconciliationSucceeded", op.condition("shop", "Ready"));
        assertEquals(List.of(START_LOCAL + " | shop | staging | deploy | v1 | success |"), op.history());
        assertEquals("v1\n", op.verified("shop"));
        JsonNode release = op.ledger("shop").get(0);
        assertEquals("v1", release.get("version").asText());
        assertEquals(StackYaml.APP + "@" + op.docker.digestOf(image("v1")), release.get("digests").get("web").asText());
        assertEquals(false, release.get("forced").asBoolean());
        assertTrue(op.exists("applied/shop.yaml"));
        assertEquals("running", op.docker.container("shop-web").orElseThrow().state);
        assertEquals(List.of(image("v1")), op.docker.pulls);
        assertEquals(List.of("- -> Progressing Progressing", "Pull -> PullDone", "Backup -> BackupDone",
                "Prepare -> PrepareDone", "Recreate -> RecreateDone", "Smoke -> SmokeDone",
                "Progressing -> Ready ReconciliationSucceeded"), op.eventLines("shop").subList(2, 9));
    }

    @Test
    void aPassWithNothingToDoCostsOneListRequestAndLeavesTheStatusFileAlone() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        String before = TestOperator.read(op.statusFile("shop"));
        long requests = op.docker.requestCount();
        long lists = op.docker.lists();
        int events = op.events("shop").size();

        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(5), "shop"));

        assertEquals(1, op.docker.requestCount() - requests, op.docker.calls.toString());
        assertEquals(1, op.docker.lists() - lists);
        assertEquals(before, TestOperator.read(op.statusFile("shop")), "not rewritten: updatedAt would have moved");
        assertEquals(1, op.history().size());
        assertEquals(events, op.events("shop").size());
    }

    @Test
    void goingBackWithinTheSecondTheVersionWasReplacedKeepsBothContainers() {
        TestOperator op = new TestOperator(root, 1).write(stack("shop"));
        op.pass("shop");
        op.write(stack("shop").version("v2"));
        assertEquals(Phase.Ready, op.pass("shop"));
        op.write(stack("shop").version("v1"));

        assertEquals(Phase.Ready, op.pass("shop"), op.status("shop").message());

        assertEquals(image("v1"), op.docker.container("shop-web").orElseThrow().image);
        FakeDockerEngine.Container kept = op.docker.container("shop-web-previous-20261126131214-2").orElseThrow();
        assertEquals(image("v2"), kept.image);
        assertEquals("exited", kept.state);
    }

    @Test
    void keptContainersBeyondKeepPreviousAreRemovedAfterAVerifiedDeploy() {
        TestOperator op = new TestOperator(root, 1).write(stack("shop"));
        op.pass("shop");
        op.write(stack("shop").version("v2"));
        op.passAfter(Duration.ofMinutes(1), "shop");
        assertEquals(List.of("shop-web", "shop-web-previous-20261126131314"), op.docker.names("shop"));
        op.write(stack("shop").version("v3"));

        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals(List.of("shop-web", "shop-web-previous-20261126131414"), op.docker.names("shop"), "v1's kept container is gone");
        FakeDockerEngine.Container kept = op.docker.container("shop-web-previous-20261126131414").orElseThrow();
        assertEquals(image("v2"), kept.image);
        assertEquals("exited", kept.state);
        assertEquals("no", kept.restartPolicy);
        assertEquals(List.of("web"), op.status("shop").services().stream().map(StackStatus.ServiceStatus::name).toList(),
                "the status ignores kept containers");
    }

    /** shop verified on v1, then on v2 a minute later, v1's container kept; the file then asks for v1 again. */
    TestOperator backToV1AfterV2() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        op.write(stack("shop").version("v2"));
        op.passAfter(Duration.ofMinutes(1), "shop");
        op.write(stack("shop").version("v1"));
        return op;
    }

    static String idOf(TestOperator op, String version) {
        return op.docker.containers().stream().filter(c -> c.image.equals(image(version))).findFirst().orElseThrow().id;
    }

    @Test
    void goingBackToThePreviousVersionRestoresItsKeptContainerWithoutAPull() {
        TestOperator op = backToV1AfterV2();
        String v1Id = idOf(op, "v1");

        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals(v1Id, op.docker.container("shop-web").orElseThrow().id);
        assertEquals(List.of(image("v1"), image("v2")), op.docker.pulls);
        assertEquals("2026-11-26 13:14:14 | shop | staging | deploy | v1 | success |", op.history().get(2));
    }

    @Test
    void aReturnToTheKeptVersionCutShortBeforeItsContainerWasRenamedPutsTheRunningVersionBack() {
        TestOperator op = backToV1AfterV2();
        String v1Id = idOf(op, "v1");
        String v2Id = idOf(op, "v2");
        op.docker.failOnce((call, c) -> call.equals("stop") && c != null && c.id.equals(v2Id),
                new DockerFailure(DockerFailure.Kind.FAILED, "cannot stop container: permission denied"));

        assertEquals(Phase.Degraded, op.passAfter(Duration.ofMinutes(1), "shop"), op.status("shop").message());

        FakeDockerEngine.Container web = op.docker.container("shop-web").orElseThrow();
        assertEquals(v2Id, web.id, "the version that ran before is back under its name");
        assertEquals("running", web.state);
        FakeDockerEngine.Container kept = op.docker.containers().stream().filter(c -> c.id.equals(v1Id)).findFirst()
                .orElseThrow();
        assertEquals("shop-web-previous-20261126131314", kept.name, "the kept container keeps its kept name");
        assertEquals("v2", op.status("shop").currentVersion());
        assertEquals("2026-11-26 13:14:14 | shop | staging | rollback | v2 | success | from v1", op.history().get(3));
    }

    @Test
    void theAppliedFileIsTheFileDeployedNotOneWrittenDuringTheSmoke() throws java.io.IOException {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        assertEquals(TestOperator.read(op.desiredDir.resolve("shop.yaml")), TestOperator.read(op.stateDir.resolve("applied/shop.yaml")));
        op.write(stack("shop").version("v2"));
        op.docker.afterCall((call, c) -> call.equals("start") && c != null && c.image.equals(image("v2")),
                () -> op.write(stack("shop").version("v3"))); // a checkout of a newer commit while v2 is smoked

        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals("v2", op.status("shop").currentVersion());
        assertTrue(java.nio.file.Files.notExists(op.stateDir.resolve("applied/shop.yaml")),
                "v3's file is not what runs, and v2's is gone: none is claimed");
    }

    @Test
    void aContainerStoppedByHandIsStartedAgainAsAHeal() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        op.docker.stopByHand("shop-web");

        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals("running", op.docker.container("shop-web").orElseThrow().state);
        assertEquals("2026-11-26 13:13:14 | shop | staging | heal | v1 | success | start web (container is exited)",
                op.history().get(1));
        assertEquals(1, op.ledger("shop").size(), "a heal verifies nothing new");
    }

    @Test
    void aStackWhoseFileIsGoneIsReportedOrphanedAndItsContainersAreLeftAlone() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        long changes = op.docker.changes();
        op.delete("shop.yaml");

        op.pass();

        StackStatus status = op.status("shop");
        String message = "desired-state file shop.yaml is gone; its 1 container(s) are left running, nothing is deleted";
        assertEquals(Phase.Ready, status.phase(), "the phase it had");
        assertEquals(message, status.message());
        assertEquals("True Orphaned", op.condition("shop", "Orphaned"));
        assertEquals(changes, op.docker.changes());
        assertEquals("running", op.docker.container("shop-web").orElseThrow().state);
        assertEquals(1, op.history().size(), "no history line");
    }

    @Test
    void aContainerRemovedByHandIsCreatedAgainAsAHeal() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        op.docker.removeByHand("shop-web");

        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals("2026-11-26 13:13:14 | shop | staging | heal | v1 | success | create web (no container)",
                op.history().get(1));
        assertEquals(List.of(image("v1"), image("v1")), op.docker.pulls, "pulled again");
    }

    @Test
    void aHealThatFailsIsTriedAgainAtEachPassButRecordedOnceAndNotLatched() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        op.docker.exitsOnStart(image("v1"));
        op.docker.stopByHand("shop-web");
        long starts = op.docker.starts();

        assertEquals(Phase.Degraded, op.passAfter(Duration.ofMinutes(1), "shop"));
        assertEquals(Phase.Degraded, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals(starts + 2, op.docker.starts(), "tried at each pass");
        assertEquals(List.of("2026-11-26 13:13:14 | shop | staging | heal | v1 | fail | "
                + "smoke failed after 0s: web: container exited (exit code 1)"), op.history().subList(1, op.history().size()));
        assertNull(op.status("shop").failedVersion(), "a failed heal is not latched");
    }
}
