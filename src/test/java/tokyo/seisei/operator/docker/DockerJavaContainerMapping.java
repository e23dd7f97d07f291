package tokyo.seisei.operator.docker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DockerClientConfig;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The reference {@link ContainerListJson} must agree with: docker-java's {@link Container}s, as its
 * {@code listContainersCmd} maps the answer, turned into {@link ContainerSummary}s field by field.
 */
final class DockerJavaContainerMapping {

    private DockerJavaContainerMapping() {
    }

    static List<ContainerSummary> parse(String body) throws IOException {
        List<Container> containers = DockerClientConfig.getDefaultObjectMapper()
                .readValue(body, new TypeReference<List<Container>>() { });
        return containers.stream().map(DockerJavaContainerMapping::summary).toList();
    }

    static ContainerSummary summary(Container c) {
        return new ContainerSummary(c.getId(), name(c.getNames()), c.getImage(), c.getImageId(), c.getState(),
                c.getStatus(), c.getLabels() == null ? Map.of() : Map.copyOf(c.getLabels()), publishedPorts(c));
    }

    private static List<String> publishedPorts(Container c) {
        return c.getPorts() == null ? List.of() : Arrays.stream(c.getPorts())
                .filter(p -> p.getPublicPort() != null)
                .map(p -> p.getPublicPort() + "/" + (p.getType() == null ? "tcp" : p.getType()))
                .distinct().toList();
    }

    private static String name(String[] names) {
        if (names == null || names.length == 0) {
            return null;
        }
        return Arrays.stream(names)
                .map(n -> n.startsWith("/") ? n.substring(1) : n)
                .filter(n -> !n.contains("/"))
                .findFirst()
                .orElse(names[0]);
    }
}
