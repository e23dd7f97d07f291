package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.engine.StackYaml.APP;
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
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;

/** Prod (shop-prod) takes only versions staging (shop) verified, by digest; a force skips that gate, on the record. */
@Timeout(30)
class PromotionTest {

    @TempDir
    Path root;

    @Test
    void aVersionItsSourceHasNotVerifiedIsBlocked() {
        TestOperator op = new TestOperator(root).write(stack("shop")).write(stack("shop-prod").version("v2").promotedFrom("shop"));

        assertEquals(Phase.Blocked, op.pass("shop-prod"));

        assertEquals("version v2 is not verified on shop: deploy it to shop first, where its smoke verifies it, or force it"
                + " past the gate with a reason (spec.force: {version: v2, reason: ...})", op.status("shop-prod").message());
        assertEquals("True NotVerified", op.condition("shop-prod", "Stalled"));
        assertEquals(new StackStatus.PromotionStatus("shop", false, null), op.status("shop-prod").promotion());
        assertEquals(List.of(START_LOCAL + " | shop | staging | deploy | v1 | success |",
                START_LOCAL + " | shop-prod | prod | deploy | v2 | blocked | not verified on shop"), op.history());
        assertEquals(List.of(), op.docker.names("shop-prod"));
        assertEquals(Phase.Blocked, op.passAfter(Duration.ofMinutes(1), "shop-prod"));
        assertEquals(2, op.history().size(), "blocked once per revision");
    }

    @Test
    void onceItsSourceVerifiesTheVersionProdRunsTheVerifiedDigestInTheSamePass() {
        TestOperator op = new TestOperator(root).write(stack("shop")).write(stack("shop-prod").version("v2").promotedFrom("shop"));
        op.pass();
        op.write(stack("shop").version("v2"));

        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop-prod"));

        String verifiedDigest = APP + "@" + op.docker.digestOf(image("v2"));
        assertEquals(APP + ":v2@" + op.docker.digestOf(image("v2")), op.docker.container("shop-prod-web").orElseThrow().image,
                "the digest decides what runs; the tag still says which version it is");
        assertEquals(verifiedDigest, op.ledger("shop").get(1).get("digests").get("web").asText());
        assertEquals(new StackStatus.PromotionStatus("shop", true, null), op.status("shop-prod").promotion());
        assertEquals("2026-11-26 13:13:14 | shop-prod | prod | deploy | v2 | success |", op.history().get(3));
    }

    @Test
    void aTagPulledOntoAnotherImageDuringTheSmokeLeavesTheDigestThatRanInTheLedger() {
        TestOperator op = new TestOperator(root);
        String ran = op.docker.digestOf(image("v2"));
        String moved = "sha256:" + "e".repeat(64);
        // while staging's new container starts, someone pushes another image under v2 and pulls it here
        op.docker.afterCall((call, c) -> call.equals("start") && c != null && c.image.equals(image("v2")), () -> {
            op.docker.retag(image("v2"), moved);
            op.docker.pull(image("v2"), null);
        });
        op.write(stack("shop").version("v2"));

        assertEquals(Phase.Ready, op.pass("shop"));

        assertEquals(APP + "@" + ran, op.ledger("shop").get(0).get("digests").get("web").asText(),
                "verified: the digest the container ran, not the one the tag points to now");
        assertEquals(ran, op.status("shop").services().get(0).imageDigest());
    }

    @Test
    void aServiceNamedOtherwiseThanInTheSourceRunsTheDigestTheSourceRanOfItsRepository() {
        TestOperator op = new TestOperator(root).write(stack("shop").version("v2"));
        op.pass();
        String verified = op.docker.digestOf(image("v2"));
        op.docker.retag(image("v2"), "sha256:" + "e".repeat(64));
        op.write("shop-prod.yaml", stack("shop-prod").version("v2").promotedFrom("shop").yaml().replace("    web:\n", "    app:\n"));

        assertEquals(Phase.Blocked, op.passAfter(Duration.ofMinutes(1), "shop-prod"), "the tag moved since shop verified it");

        assertEquals("app: " + image("v2") + " now points to " + APP + "@sha256:" + "e".repeat(64) + ", not to the verified "
                + APP + "@" + verified, op.status("shop-prod").message());
    }

    @Test
    void aTagMovedSinceItWasVerifiedBlocksTheDeploy() {
        TestOperator op = new TestOperator(root).write(stack("shop").version("v2"));
        op.pass();
        String verified = APP + "@" + op.docker.digestOf(image("v2"));
        op.docker.retag(image("v2"), "sha256:" + "e".repeat(64));
        op.write(stack("shop-prod").version("v2").promotedFrom("shop"));

        assertEquals(Phase.Blocked, op.passAfter(Duration.ofMinutes(1), "shop-prod"));

        assertEquals("web: " + image("v2") + " now points to " + APP + "@sha256:" + "e".repeat(64) + ", not to the verified "
                + verified, op.status("shop-prod").message());
        assertEquals("True DigestMismatch", op.condition("shop-prod", "Stalled"));
        assertEquals(List.of(), op.docker.names("shop-prod"));
    }

    @Test
    void aForcedDeployGoesPastTheGateAndIsMarkedForced() {
        TestOperator op = new TestOperator(root).write(stack("shop"))
                .write(stack("shop-prod").version("v2").promotedFrom("shop").force("v2", "critical bug in payment"));

        assertEquals(Phase.Ready, op.pass("shop-prod"));

        assertEquals(START_LOCAL + " | shop-prod | prod | deploy | v2 | success | FORCED: critical bug in payment",
                op.history().get(1));
        assertEquals(image("v2"), op.docker.container("shop-prod-web").orElseThrow().image, "the tag, as written");
        List<JsonNode> events = op.events("shop-prod");
        assertTrue(events.stream().allMatch(e -> e.path("forced").asBoolean()), events.toString());
        JsonNode release = op.ledger("shop-prod").get(0);
        assertEquals(true, release.get("forced").asBoolean());
        assertEquals("critical bug in payment", release.get("forceReason").asText());
        assertEquals(new StackStatus.PromotionStatus("shop", false, "critical bug in payment"), op.status("shop-prod").promotion());
        assertEquals("critical bug in payment", op.events.actions.get(1).forceReason());

        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop-prod"));
        assertEquals(2, op.history().size(), "a force deploys once");
    }

    @Test
    void aForcedVersionStaysAcceptedOnceTheForceIsRemovedUntilTheVersionChanges() {
        TestOperator op = new TestOperator(root).write(stack("shop"))
                .write(stack("shop-prod").version("v2").promotedFrom("shop").force("v2", "critical bug in payment"));
        op.pass();

        op.write(stack("shop-prod").version("v2").promotedFrom("shop"));
        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop-prod"), op.status("shop-prod").message());
        assertEquals(new StackStatus.PromotionStatus("shop", false, "critical bug in payment"), op.status("shop-prod").promotion(),
                "shown as unverified, and why it runs");

        op.write(stack("shop-prod").version("v3").promotedFrom("shop"));
        assertEquals(Phase.Blocked, op.passAfter(Duration.ofMinutes(1), "shop-prod"), "a new version needs the gate again");
    }

    @Test
    void aManualRollbackToAVersionVerifiedBeforeMakesItTheVerifiedOneAgain() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass();
        op.write(stack("shop").version("v2"));
        op.passAfter(Duration.ofMinutes(1), "shop");
        assertEquals("v2", op.verified("shop").strip());

        op.clock.advance(Duration.ofMinutes(1));
        op.operator.rollback().rollback("shop", java.util.Optional.empty(), "alice");

        assertEquals("v1", op.status("shop").currentVersion());
        assertEquals("v1", op.status("shop").verifiedVersion(), "the status says what runs");
        assertEquals("v1", op.verified("shop").strip(), "releases/verified/shop.txt too");
    }
}
