package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.model.Phase;

/** The six stacks of the runbook, as shipped in desired-state/, converge on the lab. */
class ShippedStacksIT {

    static final String[] STACKS = {"edge-traefik", "langbot", "ocr", "odoo18-prod", "odoo18-staging", "web-seisei"};

    @RegisterExtension
    final LabExtension lab = new LabExtension();

    @Test
    void allSixConverge() throws IOException {
        for (String stack : STACKS) {
            lab.adopt(stack);
        }
        Lab.cleanUp(STACKS);
        Path state = lab.stateDir();
        // as make run does: four of the six are prod stacks with no staging stack to promote from
        OperatorUnderTest operator = lab.operator(Path.of("desired-state"), 1, true);
        var result = operator.reconcile();
        assertEquals(Map.of("edge-traefik", Phase.Ready, "langbot", Phase.Ready, "ocr", Phase.Ready,
                "odoo18-prod", Phase.Ready, "odoo18-staging", Phase.Ready, "web-seisei", Phase.Ready), result.phases());
        for (int port : new int[] {18080, 18081, 18082, 18083, 18069, 18070}) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("200 sha-19b9b98", Lab.get(port, "/version")));
        }
        assertEquals("accepting connections", Lab.docker("exec", "odoo18-staging-db", "pg_isready", "-U", "postgres")
                .replaceAll(".* - ", ""));
        assertEquals(6, Files.readAllLines(state.resolve("deploy-history.log")).size());
        assertTrue(Lab.docker("inspect", "--format", "{{.Config.Image}}", "odoo18-prod-web")
                .startsWith("localhost:5000/seisei/odoo:sha-19b9b98@sha256:"),
                "prod runs the digest staging verified, and the tag still says which version");
        assertTrue(operator.reconcile().allSettled(), "a second pass settles with nothing to do");
        assertEquals(6, Files.readAllLines(state.resolve("deploy-history.log")).size());
    }
}
