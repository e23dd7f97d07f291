package tokyo.seisei.operator.engine.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tokyo.seisei.operator.docker.ContainerSummary;

/** Compares a desired stack with the containers that run for it. Pure: no engine calls. */
public final class Planner {

    public StackPlan plan(DesiredStack desired, List<ContainerSummary> containers) {
        List<ContainerSummary> own = containers.stream().filter(c -> !c.composeMade()).toList();
        ComposeTakeover takeover = ComposeTakeover.of(desired.services().stream()
                .filter(s -> current(s, own).isEmpty()).toList(), containers);
        List<StackPlan.ServiceAction> actions = new ArrayList<>();
        for (DesiredStack.DesiredService service : desired.services()) {
            StackPlan.ServiceAction action = takeover.adoptable(service.name()).map(c -> adopt(service, c))
                    .orElseGet(() -> action(service, current(service, own).orElse(null)));
            actions.add(action.kind() == StackPlan.Kind.RECREATE ? restoreIfKept(action, own) : action);
        }
        List<ContainerSummary> undeclared = own.stream()
                .filter(c -> c.label(ContainerLabels.SERVICE) == null || desired.service(c.label(ContainerLabels.SERVICE)) == null)
                .toList();
        return new StackPlan(desired, actions, undeclared, takeover);
    }

    /** A service that Compose runs: its container is kept as the previous version and replaced. */
    private static StackPlan.ServiceAction adopt(DesiredStack.DesiredService service, ContainerSummary compose) {
        String image = compose.image().equals(service.spec().image()) ? compose.image()
                : compose.image() + " -> " + service.spec().image();
        return new StackPlan.ServiceAction(service, StackPlan.Kind.ADOPT, compose,
                "compose container " + compose.name() + ", image " + image);
    }

    /**
     * The container that serves a service: the one with its name, else (its container_name changed) one of
     * the service that runs and is not a kept previous container.
     */
    private static Optional<ContainerSummary> current(DesiredStack.DesiredService service, List<ContainerSummary> containers) {
        List<ContainerSummary> ofService = containers.stream()
                .filter(c -> service.name().equals(c.label(ContainerLabels.SERVICE)))
                .filter(c -> !KeptContainers.isKept(c))
                .toList();
        return ofService.stream().filter(c -> c.name().equals(service.spec().name())).findFirst()
                .or(() -> ofService.stream().filter(ContainerSummary::running).findFirst());
    }

    /** A kept previous container of exactly the desired spec comes back in seconds, without a pull. */
    private static StackPlan.ServiceAction restoreIfKept(StackPlan.ServiceAction recreate, List<ContainerSummary> containers) {
        DesiredStack.DesiredService service = recreate.service();
        return KeptContainers.of(containers, service.name()).stream()
                .filter(kept -> service.hash().equals(kept.label(ContainerLabels.SPEC_HASH)))
                .findFirst()
                .map(kept -> new StackPlan.ServiceAction(service, StackPlan.Kind.RESTORE, recreate.current(),
                        recreate.why() + ", kept as " + kept.name(), kept))
                .orElse(recreate);
    }

    private static StackPlan.ServiceAction action(DesiredStack.DesiredService service, ContainerSummary current) {
        if (current == null) {
            return new StackPlan.ServiceAction(service, StackPlan.Kind.CREATE, null, "no container");
        }
        if (!service.hash().equals(current.label(ContainerLabels.SPEC_HASH))) {
            List<String> changed = SpecHash.changedFields(current.label(ContainerLabels.SPEC_FIELDS),
                    service.spec().labels().get(ContainerLabels.SPEC_FIELDS));
            String others = String.join(", ", changed.stream().filter(f -> !f.equals("image")).toList());
            String why = !service.spec().image().equals(current.image())
                    ? "image " + current.image() + " -> " + service.spec().image() + (others.isEmpty() ? "" : "; " + others + " changed")
                    : others.isEmpty() ? "spec changed" : others + " changed";
            return new StackPlan.ServiceAction(service, StackPlan.Kind.RECREATE, current, why);
        }
        if (!current.alive()) {
            return new StackPlan.ServiceAction(service, StackPlan.Kind.START, current, "container is " + current.state());
        }
        return new StackPlan.ServiceAction(service, StackPlan.Kind.NONE, current, "up to date");
    }
}
