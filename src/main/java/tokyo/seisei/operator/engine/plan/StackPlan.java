package tokyo.seisei.operator.engine.plan;

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
        /** a kept previous container matches the desired spec: put it back in place of the current one, no pull */
        RESTORE,
        /** the container matches but does not run (stopped by hand, crashed): start it */
        START,
        /** nothing to do */
        NONE
    }

    /**
     * @param current the container that runs now, or null
     * @param why     for people: what differs
     * @param kept    for RESTORE: the kept previous container to put back
     */
    public record ServiceAction(DesiredStack.DesiredService service, Kind kind, ContainerSummary current, String why,
                                ContainerSummary kept) {

        public ServiceAction(DesiredStack.DesiredService service, Kind kind, ContainerSummary current, String why) {
            this(service, kind, current, why, null);
        }

        /** True when the change replaces a container that runs now. */
        public boolean replacesRunning() {
            return kind == Kind.RECREATE || kind == Kind.RESTORE;
        }
    }

    public boolean changesNothing() {
        return actions.stream().allMatch(a -> a.kind() == Kind.NONE) && (undeclared.isEmpty() || !desired.prune());
    }

    /** True when only stopped or missing containers are brought back, with nothing of the spec changed. */
    public boolean onlyHeals() {
        return actions.stream().noneMatch(ServiceAction::replacesRunning);
    }

    /** For people: each change and why, e.g. "recreate web (image a -> b)". */
    public String describe() {
        return changes().stream().map(a -> a.kind().name().toLowerCase() + " " + a.service().name() + " (" + a.why() + ")")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public List<ServiceAction> changes() {
        return actions.stream().filter(a -> a.kind() != Kind.NONE).toList();
    }
}
