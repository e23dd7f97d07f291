package tokyo.seisei.operator.engine.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.model.ImageReference;

/**
 * A service keeps the image a container of it runs, pinned by digest, when that is the very image it asks for:
 * the same digest, or, where no digest is pinned now (a forced deploy), the same name and tag. So a deploy
 * recreates only the services whose rendered definition changed.
 */
public final class RunningDigests {

    private RunningDigests() {
    }

    /**
     * @param rendered the stack rendered with {@code pins}
     * @return {@code pins}, with the running image of each service that already runs what it asks for
     */
    public static Map<String, String> keep(DesiredStack rendered, Map<String, String> pins, List<ContainerSummary> containers) {
        Map<String, String> kept = new LinkedHashMap<>(pins);
        for (DesiredStack.DesiredService service : rendered.services()) {
            containers.stream().filter(c -> !KeptContainers.isKept(c))
                    .filter(c -> service.name().equals(c.label(ContainerLabels.SERVICE)))
                    .map(ContainerSummary::image).filter(image -> sameContent(service.spec().image(), image))
                    .findFirst().ifPresent(image -> kept.put(service.name(), image));
        }
        return kept;
    }

    private static boolean sameContent(String wanted, String running) {
        ImageReference want = ImageReference.parse(wanted);
        ImageReference runs = ImageReference.parse(running);
        if (runs.digest() == null || wanted.equals(running) || !want.name().equals(runs.name())) {
            return false;
        }
        return want.digest() != null ? want.digest().equals(runs.digest())
                : want.tag() != null && want.tag().equals(runs.tag());
    }
}
