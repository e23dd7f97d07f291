package tokyo.seisei.operator.engine.plan;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.ImageInfo;
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
                    String digest = lookUp != null ? digestOf(lookUp, c.image()) : old == null ? null : old.imageDigest();
                    return new StackStatus.ServiceStatus(ContainerLabels.serviceOf(c), c.name(), c.id(), c.image(),
                            digest, c.state(), c.health());
                }).toList();
    }

    private static String digestOf(DockerEngine docker, String image) {
        return docker.inspectImage(image).map(ImageInfo::repoDigests).filter(d -> !d.isEmpty())
                .map(d -> d.get(0).substring(d.get(0).indexOf('@') + 1)).orElse(null);
    }
}
