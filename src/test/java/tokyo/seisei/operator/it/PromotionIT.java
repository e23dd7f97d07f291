package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.it.StackFixtures.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;

/** Production takes only what staging verified, by digest; a force is the one way past, and it is marked. */
class PromotionIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final OperatorUnderTest operator = lab.operator();
    final String staging = lab.stack("stg");
    final String prod = lab.adopt(staging.replace("-stg", "-prod"));
    final String repository = "localhost:5000/" + staging + "/app";
    final int stagingPort = Lab.freePort();
    final int prodPort = Lab.freePort();

    @BeforeEach
    void pushed() {
        // the test's own repository, so moving a tag disturbs no other test
        push("v1", "sha-1a2b3c4");
        push("v2", "sha-2b3c4d5");
        push("v3", "sha-3c4d5e6");
        push("v4", "sha-2b3c4d5");
    }

    /** Tags a lab image as repository:tag and pushes it. */
    private void push(String tag, String labTag) {
        Lab.publish(labTag, repository + ":" + tag);
    }

    private String stack(String name, String environment, String version, int port, String extra) {
        return app(name, version, port).replace("environment: staging", "environment: " + environment)
                .replace("image: " + Lab.APP + ":${VERSION}", "image: " + repository + ":${VERSION}") + extra;
    }

    private void stagingAt(String version) {
        operator.write(staging, stack(staging, "staging", version, stagingPort, ""));
        assertEquals(Phase.Ready, operator.reconcileOne(staging));
    }

    private Phase prodAt(String version, String extra) {
        operator.write(prod, stack(prod, "prod", version, prodPort, "  promotion:\n    from: " + staging + "\n" + extra));
        return operator.reconcileOne(prod);
    }

    private String image(String container) {
        return Lab.docker("inspect", "--format", "{{.Config.Image}}", container);
    }

    @Test
    void prodTakesOnlyVersionsStagingVerifiedByTheirDigests() throws IOException {
        stagingAt("v1");
        assertEquals(Phase.Blocked, prodAt("v2", ""));
        StackStatus blocked = operator.status(prod);
        assertEquals("NotVerified", blocked.conditions().get(0).reason());
        assertEquals("version v2 is not verified on " + staging + ": deploy it to " + staging + " first, where its smoke"
                + " verifies it, or force it past the gate with a reason (spec.force: {version: v2, reason: ...})", blocked.message());
        assertEquals(new StackStatus.PromotionStatus(staging, false, null), blocked.promotion());
        assertTrue(operator.historyOf(prod).get(0).endsWith(" | " + prod + " | prod | deploy | v2 | blocked | not verified on "
                + staging), operator.historyOf(prod).get(0));
        assertEquals("", Lab.docker("ps", "-aq", "--filter", "label=tokyo.seisei.operator.stack=" + prod), "nothing touched");

        stagingAt("v2");
        assertEquals(Phase.Ready, prodAt("v2", ""));
        assertEquals(image(staging + "-web").replace(":v2", ""), repository);
        String stagingDigest = ledger(staging).get(1).path("digests").path("web").asText();
        assertEquals(stagingDigest.replace("@", ":v2@"), image(prod + "-web"), "prod runs the digest staging verified, named with its tag");
        assertEquals("200 sha-2b3c4d5", Lab.get(prodPort, "/version"));

        stagingAt("v3");
        assertEquals(Phase.Ready, prodAt("v1", ""), "an earlier version staging verified is still deployable");
        assertEquals("200 sha-1a2b3c4", Lab.get(prodPort, "/version"));
        assertEquals("v1\n", Files.readString(operator.stateDir.resolve("releases/verified/" + prod + ".txt")));
        assertEquals("v3\n", Files.readString(operator.stateDir.resolve("releases/verified/" + staging + ".txt")));

        List<JsonNode> ledger = ledger(staging);
        assertEquals(List.of("v1", "v2", "v3"), ledger.stream().map(l -> l.path("version").asText()).toList());
        for (JsonNode line : ledger) {
            assertTrue(line.path("digests").path("web").asText().startsWith(repository + "@sha256:"), line.toString());
            assertTrue(line.path("revision").asText().startsWith("sha256:"), line.toString());
            assertFalse(line.path("time").asText().isEmpty());
            assertTrue(line.has("smokeSeconds"), line.toString());
        }
    }

    @Test
    void aTagMovedAfterVerificationIsRefusedForProd() {
        stagingAt("v3");
        push("v3", "sha-1a2b3c4");
        assertEquals(Phase.Blocked, prodAt("v3", ""));
        StackStatus status = operator.status(prod);
        assertEquals("DigestMismatch", status.conditions().get(0).reason());
        assertTrue(status.message().contains("web: " + repository + ":v3 now points to"), status.message());
        assertEquals("", Lab.docker("ps", "-aq", "--filter", "label=tokyo.seisei.operator.stack=" + prod));
    }

    @Test
    void aForceDeploysOnceAndIsMarkedForTheAudit() throws IOException {
        stagingAt("v1");
        assertEquals(Phase.Ready, prodAt("v1", ""));

        assertEquals(Phase.Ready, prodAt("v4", "  force:\n    version: v4\n    reason: critical bug in payment\n"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("200 sha-2b3c4d5", Lab.get(prodPort, "/version")));
        List<String> history = operator.historyOf(prod);
        assertTrue(history.get(history.size() - 1).endsWith(" | " + prod + " | prod | deploy | v4 | success | FORCED: critical bug in payment"),
                history.get(history.size() - 1));
        assertEquals(new StackStatus.PromotionStatus(staging, false, "critical bug in payment"), operator.status(prod).promotion());
        assertEquals(Phase.Ready, operator.reconcileOne(prod));
        assertEquals(history, operator.historyOf(prod), "a force deploys once");

        Lab.Result forced = lab.stackctl().run("history", "--forced");
        assertEquals(List.of(history.get(history.size() - 1)), forced.output().lines().toList());
    }

    private List<JsonNode> ledger(String stack) throws IOException {
        return Files.readAllLines(operator.stateDir.resolve("releases/ledger/" + stack + ".jsonl")).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
