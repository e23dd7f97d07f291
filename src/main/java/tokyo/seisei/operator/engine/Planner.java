package tokyo.seisei.operator.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import tokyo.seisei.operator.docker.ContainerSummary;

/** Compares a desired stack with the containers that run for it. Pure: no engine calls. */
public final class Planner {

    /** Docker states in which a container is left alone: it runs, or the engine is already bringing it back. */
    private static final Set<String> ALIVE = Set.of("running", "restarting");

    public StackPlan plan(DesiredStack desired, List<ContainerSummary> containers) {
        Map<String, ContainerSummary> byService = containers.stream()
                .filter(c -> c.label(ContainerLabels.SERVICE) != null)
                .collect(Collectors.toMap(c -> c.label(ContainerLabels.SERVICE), Function.identity(), Planner::newer));
        List<StackPlan.ServiceAction> actions = new ArrayList<>();
        for (DesiredStack.DesiredService service : desired.services()) {
            actions.add(action(service, byService.get(service.name())));
        }
        List<ContainerSummary> undeclared = containers.stream()
                .filter(c -> desired.service(c.label(ContainerLabels.SERVICE) == null ? "" : c.label(ContainerLabels.SERVICE)) == null)
                .toList();
        return new StackPlan(desired, actions, undeclared);
    }

    private static StackPlan.ServiceAction action(DesiredStack.DesiredService service, ContainerSummary current) {
        if (current == null) {
            return new StackPlan.ServiceAction(service, StackPlan.Kind.CREATE, null, "no container");
        }
        if (!service.hash().equals(current.label(ContainerLabels.SPEC_HASH))) {
            String why = !service.spec().image().equals(current.image())
                    ? "image " + current.image() + " -> " + service.spec().image()
                    : "spec changed";
            return new StackPlan.ServiceAction(service, StackPlan.Kind.RECREATE, current, why);
        }
        if (!ALIVE.contains(current.state())) {
            return new StackPlan.ServiceAction(service, StackPlan.Kind.START, current, "container is " + current.state());
        }
        return new StackPlan.ServiceAction(service, StackPlan.Kind.NONE, current, "up to date");
    }

    /** Two containers for one service (a replacement half done): the running one counts. */
    private static ContainerSummary newer(ContainerSummary a, ContainerSummary b) {
        return b.running() && !a.running() ? b : a;
    }
}
