package tokyo.seisei.operator.engine;

import java.util.List;
import tokyo.seisei.operator.docker.ContainerSummary;

/**
 * What converging one stack takes: an action per declared service, in depends_on order, and the
 * containers of services no longer declared.
 */
public record StackPlan(DesiredStack desired, List<ServiceAction> actions, List<ContainerSummary> undeclared) {

    public enum Kind {
        /** no container: create and start one */
        CREATE,
        /** the container no longer matches the desired spec: replace it */
        RECREATE,
        /** the container matches but does not run (stopped by hand, crashed): start it */
        START,
        /** nothing to do */
        NONE
    }

    /**
     * @param current the container that runs now, or null
     * @param why     for people: what differs
     */
    public record ServiceAction(DesiredStack.DesiredService service, Kind kind, ContainerSummary current, String why) {
    }

    public boolean changesNothing() {
        return actions.stream().allMatch(a -> a.kind() == Kind.NONE) && (undeclared.isEmpty() || !desired.prune());
    }

    /** True when only stopped or missing containers are brought back, with nothing of the spec changed. */
    public boolean onlyHeals() {
        return actions.stream().noneMatch(a -> a.kind() == Kind.RECREATE);
    }

    public List<ServiceAction> changes() {
        return actions.stream().filter(a -> a.kind() != Kind.NONE).toList();
    }
}
