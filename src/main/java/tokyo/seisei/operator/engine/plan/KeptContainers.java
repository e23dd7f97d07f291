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

    /** The kept containers of one service, newest first. */
    public static List<ContainerSummary> of(List<ContainerSummary> containers, String service) {
        return containers.stream()
                .filter(KeptContainers::isKept)
                .filter(c -> service.equals(c.label(ContainerLabels.SERVICE)))
                .sorted(Comparator.comparing(ContainerSummary::name).reversed())
                .toList();
    }
}
