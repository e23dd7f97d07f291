package tokyo.seisei.operator.engine.plan;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import tokyo.seisei.operator.docker.ContainerSpec;
import tokyo.seisei.operator.docker.ContainerSummary;

/**
 * Which of the engine's managed containers are this operator's: those it labelled with its instance id, and those
 * made before the label existed, or by {@code docker compose} for a project of the same name, whose stack this
 * operator declares (adopted, so an upgrade or a move from Compose never duplicates a running stack). Another operator's containers, on the same engine, are neither converged, nor orphans, nor
 * touched.
 */
public final class Ownership {

    /** Every container: for a test or a tool that sees one operator only. */
    public static final Ownership ANY = new Ownership(() -> null);

    private final Supplier<String> instance;
    private volatile String id;

    /** @param instance this operator's id ({@link ContainerLabels#INSTANCE}), read when first needed */
    public Ownership(Supplier<String> instance) {
        this.instance = instance;
    }

    public boolean owns(ContainerSummary container, Collection<String> declared) {
        return owns(container.labels(), declared);
    }

    /** @param labels a container's labels */
    public boolean owns(java.util.Map<String, String> labels, Collection<String> declared) {
        String mine = id();
        String label = labels.get(ContainerLabels.INSTANCE);
        if (mine == null || mine.equals(label)) {
            return true;
        }
        return label == null && declared.contains(ContainerSummary.stackOf(labels));
    }

    public List<ContainerSummary> mine(List<ContainerSummary> containers, Collection<String> declared) {
        return containers.stream().filter(c -> owns(c, declared)).toList();
    }

    /** The spec, labelled with this operator's instance. */
    public ContainerSpec label(ContainerSpec spec) {
        String mine = id();
        return mine == null ? spec : spec.labelled(ContainerLabels.INSTANCE, mine);
    }

    private synchronized String id() {
        if (id == null) {
            id = instance.get();
        }
        return id;
    }
}
