package tokyo.seisei.operator.engine.plan;

import java.util.List;
import tokyo.seisei.operator.docker.ContainerSummary;

/**
 * What converging one stack takes: an action per declared service, in depends_on order, the containers of
 * services no longer declared, and what is taken over from {@code docker compose}.
 */
public record StackPlan(DesiredStack desired, List<ServiceAction> actions, List<ContainerSummary> undeclared,
                        ComposeTakeover takeover) {

    public StackPlan(DesiredStack desired, List<ServiceAction> actions, List<ContainerSummary> undeclared) {
        this(desired, actions, undeclared, ComposeTakeover.NONE);
    }

    public enum Kind {
        /** no container: create and start one */
        CREATE,
        /** the container no longer matches the desired spec: replace it */
        RECREATE,
        /** a kept previous container matches the desired spec: put it back in place of the current one, no pull */
        RESTORE,
        /**
         * a container {@code docker compose} made for the service runs instead of one of the operator's: keep it as
         * the previous version and replace it, as RECREATE does
         */
        ADOPT,
        /** the container matches but does not run (stopped by hand, crashed): start it */
        START,
        /** nothing to do */
        NONE;

        /** A new container is made from the desired image: its image is pulled first. */
        public boolean createsFromImage() {
            return this == CREATE || this == RECREATE || this == ADOPT;
        }
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
            return kind == Kind.RECREATE || kind == Kind.RESTORE || kind == Kind.ADOPT;
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

    /** The services taken over from {@code docker compose} in this change. */
    public List<ServiceAction> adoptions() {
        return actions.stream().filter(a -> a.kind() == Kind.ADOPT).toList();
    }

    public List<ServiceAction> changes() {
        return actions.stream().filter(a -> a.kind() != Kind.NONE).toList();
    }
}
