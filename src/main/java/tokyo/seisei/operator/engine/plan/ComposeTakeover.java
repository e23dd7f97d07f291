package tokyo.seisei.operator.engine.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.model.ImageReference;

/**
 * The part of a plan that takes a stack over from {@code docker compose}: the containers Compose made for the
 * project of the stack's name (no operator label) that serve a declared service are adopted, each replaced as a
 * recreate would replace it, so it is kept, stopped, as the previous version for a rollback; those that serve no
 * declared service are left alone and reported. Compose names the project's volumes and networks
 * {@code <project>_<name>}, as the operator does, so the new containers mount the same volumes.
 *
 * @param adopted   by service: the Compose container taken over
 * @param leftAlone Compose containers of the project that serve no declared service, a second replica of one, or
 *                  one whose service already has a container of the operator's
 */
public record ComposeTakeover(Map<String, ContainerSummary> adopted, List<ContainerSummary> leftAlone) {

    public static final ComposeTakeover NONE = new ComposeTakeover(Map.of(), List.of());

    /**
     * The Compose containers among a stack's containers, sorted out against the services that have no container of
     * the operator's.
     */
    public static ComposeTakeover of(List<DesiredStack.DesiredService> unserved, List<ContainerSummary> containers) {
        List<ContainerSummary> made = containers.stream()
                .filter(ContainerSummary::composeMade)
                .filter(c -> !KeptContainers.isKept(c))
                .filter(c -> !"True".equals(c.label(ContainerLabels.COMPOSE_ONEOFF)))
                .toList();
        if (made.isEmpty()) {
            return NONE;
        }
        Map<String, ContainerSummary> adopted = new LinkedHashMap<>();
        for (DesiredStack.DesiredService service : unserved) {
            made.stream()
                    .filter(c -> service.name().equals(c.label(ContainerLabels.COMPOSE_SERVICE)))
                    // the one of the service's name, else one that runs
                    .min(Comparator.comparing((ContainerSummary c) -> !c.name().equals(service.spec().name()))
                            .thenComparing(c -> !c.running()).thenComparing(ContainerSummary::name))
                    .ifPresent(c -> adopted.put(service.name(), c));
        }
        List<ContainerSummary> leftAlone = new ArrayList<>(made);
        leftAlone.removeAll(adopted.values());
        return new ComposeTakeover(Collections.unmodifiableMap(adopted), List.copyOf(leftAlone));
    }

    /** The Compose container a service without a container of the operator's takes over, if any. */
    public Optional<ContainerSummary> adoptable(String service) {
        return Optional.ofNullable(adopted.get(service));
    }

    /** For people: the Compose containers left alone, e.g. "ad-worker (service worker)". */
    public String describeLeftAlone() {
        return leftAlone.stream().map(c -> c.name() + " (service " + c.label(ContainerLabels.COMPOSE_SERVICE) + ")")
                .collect(Collectors.joining(", "));
    }

    /**
     * The version the adopted containers run, read from the tag of an image the stack file names by its version
     * (e.g. {@code app:${VERSION}}): the tag the Compose container runs of that same image; null when no service
     * tells it.
     *
     * @param adoptions the plan's adoptions, with the desired spec of each service
     */
    public static String versionOf(DesiredStack desired, List<StackPlan.ServiceAction> adoptions) {
        for (StackPlan.ServiceAction adoption : adoptions) {
            ImageReference wanted = ImageReference.parse(adoption.service().spec().image());
            ImageReference running = ImageReference.parse(adoption.current().image());
            if (desired.version().equals(wanted.tag()) && wanted.name().equals(running.name()) && running.tag() != null) {
                return running.tag();
            }
        }
        return null;
    }
}
