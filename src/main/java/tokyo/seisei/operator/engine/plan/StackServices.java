package tokyo.seisei.operator.engine.plan;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.ImageInfo;
import tokyo.seisei.operator.model.ImageReference;
import tokyo.seisei.operator.model.StackStatus;

/** The services part of a status, from the containers that serve them (kept previous ones left out). */
public final class StackServices {

    private StackServices() {
    }

    /**
     * @param lookUp the engine to look image digests up with, after a change; null to carry them over from
     *               the previous status, so a pass that changes nothing costs no extra engine request
     */
    public static List<StackStatus.ServiceStatus> observed(List<ContainerSummary> containers,
                                                    List<StackStatus.ServiceStatus> previous, DockerEngine lookUp) {
        Map<String, StackStatus.ServiceStatus> before = previous == null ? Map.of()
                : previous.stream().filter(s -> s.containerId() != null)
                .collect(Collectors.toMap(StackStatus.ServiceStatus::containerId, Function.identity(), (a, b) -> a));
        return containers.stream()
                .filter(c -> !KeptContainers.isKept(c))
                .sorted(Comparator.comparing(c -> String.valueOf(ContainerLabels.serviceOf(c))))
                .map(c -> {
                    StackStatus.ServiceStatus old = before.get(c.id());
                    String digest = lookUp != null ? digestOf(lookUp, c) : old == null ? null : old.imageDigest();
                    return new StackStatus.ServiceStatus(ContainerLabels.serviceOf(c), c.name(), c.id(), c.image(),
                            digest, c.state(), c.health());
                }).toList();
    }

    /**
     * The digest of the image the container runs, looked up by its image ID: the tag it was made from may point to
     * another image since (pulled again meanwhile), and that one was never run here. Among the image's digests,
     * the one of the container's own repository.
     */
    private static String digestOf(DockerEngine docker, ContainerSummary container) {
        String image = container.imageId() != null ? container.imageId() : container.image();
        List<String> digests = docker.inspectImage(image).map(ImageInfo::repoDigests).orElse(List.of());
        String repository = ImageReference.parse(container.image()).name() + "@";
        return digests.stream().filter(d -> d.startsWith(repository)).findFirst()
                .or(() -> digests.stream().findFirst())
                .map(d -> d.substring(d.indexOf('@') + 1)).orElse(null);
    }
}
