package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static tokyo.seisei.operator.engine.StackYaml.image;
import static tokyo.seisei.operator.engine.StackYaml.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.model.Phase;

/** A pull the registry refuses for want of credentials: its own reason, what to do, and no retry until a person acts. */
class PullUnauthorizedTest {

    @TempDir
    Path root;

    @Test
    void aRefusedPullFailsWithItsOwnReasonAndWaitsForAPersonToLogIn() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass("shop");
        String refusal = "Cannot pull image " + image("v2") + ": the registry refused it: no basic auth credentials; no"
                + " credentials for localhost:5000 from auths of /root/.docker/config.json: run docker login localhost:5000 as root"
                + " (the user the operator runs as), or name a credential helper for it in /root/.docker/config.json";
        op.docker.pullFails(image("v2"), new DockerFailure(DockerFailure.Kind.UNAUTHORIZED, refusal));
        op.write(stack("shop").version("v2"));

        assertEquals(Phase.Degraded, op.passAfter(Duration.ofMinutes(1), "shop"));
        String why = "pull " + image("v2") + " failed: " + refusal + "; then stackctl retry shop";
        assertEquals(why, op.status("shop").message());
        assertEquals("False PullUnauthorized", op.condition("shop", "Ready"));
        assertEquals("v2", op.status("shop").failedVersion());
        assertEquals(image("v1"), op.docker.container("shop-web").orElseThrow().image, "nothing was replaced");

        int pulls = op.docker.pulls.size();
        assertEquals(Phase.Degraded, op.passAfter(Duration.ofMinutes(10), "shop"));
        assertEquals(pulls, op.docker.pulls.size(), "not tried again on its own");
        assertEquals(why, op.status("shop").message(), "the advice stays in the status");

        op.docker.registryUp(image("v2")); // the person logged in
        op.operator.operations().retry("shop");
        assertEquals(Phase.Ready, op.pass("shop"));
        assertEquals(List.of(image("v2")), op.docker.pulls.subList(pulls, op.docker.pulls.size()));
        assertEquals(image("v2"), op.docker.container("shop-web").orElseThrow().image);
    }
}
