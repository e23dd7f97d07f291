package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.ContainerSpec;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;

/** The fake refuses what the real engine refuses, so the converge tests cannot pass on a lenient engine. */
class FakeDockerEngineTest {

    static final String IMAGE = "localhost:5000/lab/app:v1";

    final FakeDockerEngine docker = new FakeDockerEngine().network("net");

    static ContainerSpec spec(String name, Map<String, String> labels, Integer hostPort) {
        return new ContainerSpec(name, IMAGE, null, null, List.of(), labels,
                hostPort == null ? List.of() : List.of(new ContainerSpec.PortBinding("127.0.0.1", hostPort, 8080, "tcp")),
                List.of(), List.of(new ContainerSpec.NetworkAttachment("net", List.of())), null,
                new ContainerSpec.Healthcheck(List.of("CMD", "true"), null, null, null, null), null, null, List.of(), null, null, null);
    }

    static Map<String, String> of(String stack) {
        return Map.of(DockerEngine.STACK_LABEL, stack);
    }

    DockerFailure.Kind refusal(Runnable call) {
        return assertThrows(DockerFailure.class, call::run).kind();
    }

    @Test
    void createNeedsThePulledImageAFreeNameAndExistingNetworks() {
        assertEquals(DockerFailure.Kind.NOT_FOUND, refusal(() -> docker.createContainer(spec("a", of("s"), null))));
        docker.pull(IMAGE);
        docker.createContainer(spec("a", of("s"), null));
        assertEquals(DockerFailure.Kind.CONFLICT, refusal(() -> docker.createContainer(spec("a", of("s"), null))));
        ContainerSpec elsewhere = spec("b", of("s"), null);
        ContainerSpec onMissingNetwork = new ContainerSpec("b", IMAGE, null, null, List.of(), of("s"), List.of(), List.of(),
                List.of(new ContainerSpec.NetworkAttachment("nope", List.of())), null, null, null, null, List.of(), null, null, null);
        assertEquals(DockerFailure.Kind.NOT_FOUND, refusal(() -> docker.createContainer(onMissingNetwork)));
        docker.createContainer(elsewhere);
    }

    @Test
    void listsOnlyContainersWithTheStackLabelKeyWithStateAndHealth() {
        docker.pull(IMAGE);
        String id = docker.createContainer(spec("a", of("s"), null));
        docker.createContainer(spec("unlabelled", Map.of(), null));
        docker.startContainer(id);

        List<ContainerSummary> listed = docker.listManagedContainers();

        assertEquals(List.of("a"), listed.stream().map(ContainerSummary::name).toList());
        assertEquals("running", listed.get(0).state());
        assertEquals("healthy", listed.get(0).health());
        ContainerDetails byName = docker.inspectContainer("a").orElseThrow();
        assertEquals(byName, docker.inspectContainer(id).orElseThrow());
        assertEquals("no", byName.restartPolicy());
    }

    @Test
    void aBadImageExitsAtStartAndAPublishedPortIsNotBoundTwice() {
        docker.pull(IMAGE);
        String first = docker.createContainer(spec("a", of("s"), 18080));
        String second = docker.createContainer(spec("b", of("s"), 18080));
        docker.startContainer(first);
        assertEquals(DockerFailure.Kind.CONFLICT, refusal(() -> docker.startContainer(second)));
        docker.stopContainer(first, Duration.ofSeconds(1));
        docker.exitsOnStart(IMAGE);
        docker.startContainer(second);
        assertEquals("exited", docker.inspectContainer("b").orElseThrow().status());
        assertEquals(1, docker.inspectContainer("b").orElseThrow().exitCode());
    }

    @Test
    void renameOntoAUsedNameIsRefused() {
        docker.pull(IMAGE);
        String a = docker.createContainer(spec("a", of("s"), null));
        docker.createContainer(spec("b", of("s"), null));
        assertEquals(DockerFailure.Kind.CONFLICT, refusal(() -> docker.renameContainer(a, "b")));
        assertEquals(DockerFailure.Kind.NOT_FOUND, refusal(() -> docker.renameContainer("nope", "c")));
    }

    @Test
    void pullsGiveRepoDigestsAndFailAsTheRegistryIsArranged() {
        docker.pull(IMAGE);
        assertEquals(List.of("localhost:5000/lab/app@" + docker.digestOf(IMAGE)), docker.inspectImage(IMAGE).orElseThrow().repoDigests());
        assertEquals(DockerFailure.Kind.FAILED, refusal(() -> docker.pull("localhost:5000/lab/app")));
        docker.missingTag("localhost:5000/lab/app:v9");
        assertEquals(DockerFailure.Kind.NOT_FOUND, refusal(() -> docker.pull("localhost:5000/lab/app:v9")));
        docker.registryDown(IMAGE);
        DockerFailure down = assertThrows(DockerFailure.class, () -> docker.pull(IMAGE));
        assertEquals(DockerFailure.Kind.FAILED, down.kind());
        assertTrue(down.getMessage().contains("connection refused"), down.getMessage());
    }

    @Test
    void anEngineThatIsGoneRefusesEveryCallAsUnreachableAndCountsIt() {
        docker.unreachable(true);
        long errors = docker.errorCount();
        assertEquals(DockerFailure.Kind.UNREACHABLE, refusal(docker::listManagedContainers));
        assertEquals(DockerFailure.Kind.UNREACHABLE, refusal(() -> docker.inspectContainer("a")));
        assertEquals(DockerFailure.Kind.UNREACHABLE, refusal(() -> docker.startContainer("a")));
        assertEquals(errors + 3, docker.errorCount());
        assertEquals(3, docker.requestCount());
    }
}
