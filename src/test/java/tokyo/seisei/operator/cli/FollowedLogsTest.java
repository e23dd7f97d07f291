package tokyo.seisei.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tokyo.seisei.operator.docker.ContainerSpec;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.FakeDockerEngine;
import tokyo.seisei.operator.engine.plan.ContainerLabels;

/** stackctl logs -f: lines as they are written, by service, until the containers stop, go or are replaced. */
class FollowedLogsTest {

    static final String IMAGE = "localhost:5000/lab/app:v1";

    final FakeDockerEngine docker = new FakeDockerEngine().network("net");
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream notes = new ByteArrayOutputStream();
    final FollowedLogs logs = new FollowedLogs(docker, "shop", new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(notes, true, StandardCharsets.UTF_8));

    String run(String name, String service) {
        String id = docker.createContainer(new ContainerSpec(name, IMAGE, null, null, List.of(),
                Map.of(DockerEngine.STACK_LABEL, "shop", ContainerLabels.SERVICE, service), List.of(), List.of(),
                List.of(new ContainerSpec.NetworkAttachment("net", List.of())), null, null, null, null, List.of(), null,
                null, null));
        docker.startContainer(id);
        return id;
    }

    CompletableFuture<Void> follow() {
        List<ContainerSummary> containers = docker.listStackContainers("shop");
        return CompletableFuture.runAsync(() -> {
            try {
                logs.follow(containers, 100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesWrittenAfterTheStartComeEachAfterItsServiceUntilTheContainersStop() throws Exception {
        docker.pull(IMAGE);
        String web = run("shop-web", "web");
        run("shop-db", "db");
        CompletableFuture<Void> following = follow();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> out().contains("db  | logs of shop-db"));

        docker.writes("shop-web", "GET /health 200");
        docker.writes("shop-db", "checkpoint complete");
        docker.stopContainer(web, Duration.ZERO);
        docker.writes("shop-db", "still here");
        docker.stopByHand("shop-db");

        following.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(out().contains("web | GET /health 200\n"), out());
        assertTrue(out().contains("db  | checkpoint complete\ndb  | still here\n"), out());
        assertEquals("==> web: its container shop-web stopped\n==> db: its container shop-db stopped\n",
                notes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aContainerReplacedByADeployIsSaidSoAndTheFollowEnds() throws Exception {
        docker.pull(IMAGE);
        String old = run("shop-web", "web");
        CompletableFuture<Void> following = follow();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> out().contains("logs of shop-web"));
        docker.writes("shop-web", "one line");

        // as a deploy replaces it: parked under another name, the new one made, the old one stopped
        docker.renameContainer(old, "shop-web-previous-20260101000000");
        run("shop-web", "web");
        docker.stopContainer(old, Duration.ZERO);

        following.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("logs of shop-web\none line\n", out(), "one service: no prefix");
        assertEquals("==> web: its container shop-web was replaced (a deploy); stackctl logs shop"
                + " web -f follows the new one\n", notes.toString(StandardCharsets.UTF_8));
    }
}
