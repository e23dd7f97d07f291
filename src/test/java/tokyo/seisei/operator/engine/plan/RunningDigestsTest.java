package tokyo.seisei.operator.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.source.DesiredStateLoader;

/** A deploy recreates only the services whose rendered definition changed: one that runs what it asks for keeps it. */
class RunningDigestsTest {

    @TempDir
    Path dir;

    @Test
    void aServiceThatRunsTheImageItAsksForPinnedByDigestKeepsItAndTheOthersDoNot() throws IOException {
        Path file = dir.resolve("shop.yaml");
        Files.writeString(file, """
                apiVersion: operator.seisei.tokyo/v1
                kind: Stack
                metadata:
                  name: shop
                spec:
                  environment: staging
                  version: v2
                  services:
                    db:
                      image: localhost:5000/lab/postgres:15
                    web:
                      image: localhost:5000/lab/app:${VERSION}
                    cache:
                      image: localhost:5000/lab/app:v7
                """);
        DesiredStack rendered = new StackRenderer().render(new DesiredStateLoader(Map.of()).load(file), Map.of());
        String db = "localhost:5000/lab/postgres:15@sha256:" + "a".repeat(64);
        String webV1 = "localhost:5000/lab/app:v1@sha256:" + "b".repeat(64);
        String cacheOld = "localhost:5000/lab/app@sha256:" + "c".repeat(64);

        Map<String, String> kept = RunningDigests.keep(rendered, Map.of(),
                List.of(running("db", db), running("web", webV1), running("cache", cacheOld)));

        assertEquals(Map.of("db", db), kept, "db runs postgres:15 by digest: kept; web asks for v2; cache's tag is unknown");
        String pinned = "localhost:5000/lab/app:v2@sha256:" + "d".repeat(64);
        String sameDigestOldForm = "localhost:5000/lab/app@sha256:" + "d".repeat(64);
        DesiredStack pinnedWeb = new StackRenderer().render(new DesiredStateLoader(Map.of()).load(file), Map.of("web", pinned));
        assertEquals(sameDigestOldForm, RunningDigests.keep(pinnedWeb, Map.of("web", pinned),
                List.of(running("web", sameDigestOldForm))).get("web"), "the same digest: what runs stays as it is");
    }

    private static ContainerSummary running(String service, String image) {
        return new ContainerSummary("id-" + service, "shop-" + service, image, "sha256:1", "running", "Up",
                Map.of(ContainerLabels.STACK, "shop", ContainerLabels.SERVICE, service));
    }
}
