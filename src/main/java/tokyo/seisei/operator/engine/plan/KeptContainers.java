package tokyo.seisei.operator.engine.plan;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import tokyo.seisei.operator.docker.ContainerSummary;

/**
 * Previous containers kept, stopped, for an instant rollback: renamed {@code <name>-previous-<yyyyMMddHHmmss>}
 * so that names sort by age, with their labels (service, version) untouched.
 */
public final class KeptContainers {

    static final String INFIX = "-previous-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private KeptContainers() {
    }

    public static String parkedName(String name, Clock clock) {
        return name + INFIX + LocalDateTime.now(clock).format(STAMP);
    }

    public static boolean isKept(ContainerSummary container) {
        return container.name().contains(INFIX);
    }

    /**
     * The kept containers of one service, newest first, by the stamp of their names: a container taken over from
     * {@code docker compose} may have had another name than the operator's.
     */
    public static List<ContainerSummary> of(List<ContainerSummary> containers, String service) {
        return containers.stream()
                .filter(KeptContainers::isKept)
                .filter(c -> service.equals(ContainerLabels.serviceOf(c)))
                .sorted(Comparator.comparing(KeptContainers::stamp).thenComparing(ContainerSummary::name).reversed())
                .toList();
    }

    private static String stamp(ContainerSummary kept) {
        return kept.name().substring(kept.name().lastIndexOf(INFIX) + INFIX.length());
    }
}
