package tokyo.seisei.operator.engine.steps;

import java.util.Optional;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.engine.plan.KeptContainers;
import tokyo.seisei.operator.engine.plan.StackPlan;
import tokyo.seisei.operator.store.OperationRecord.Replacement;

/** Moving a service's container out of the way of its replacement, and clearing what a cut-short deploy left. */
final class Parking {

    private Parking() {
    }

    /**
     * Announces the replacement (record first), then moves the current container aside, still running: restart
     * policy {@code no} first, so that neither a daemon restart nor an interruption ever brings it back on its own,
     * then renamed {@code <name>-previous-<stamp>}.
     *
     * @return the replacement's index in the deployment, to advance it
     */
    static int parkCurrent(Deployment deployment, StackPlan.ServiceAction action,
                                   Optional<ContainerDetails> details, String newId, String newKeptAs) {
        DockerEngine docker = deployment.docker();
        ContainerSummary old = action.current();
        Replacement replacement = new Replacement(action.service().name(), action.service().spec().name(), old.id(),
                old.name(), details.map(ContainerDetails::restartPolicy).orElse("no"), freeParkedName(docker,
                KeptContainers.parkedName(old.name(), deployment.clock())), newId, newKeptAs);
        int at = deployment.announce(replacement, "park " + old.name() + " (" + old.id() + ") as " + replacement.parkedName());
        docker.setRestartPolicy(old.id(), "no");
        docker.renameContainer(old.id(), replacement.parkedName());
        deployment.reached("after-rename");
        return at;
    }

    /** The stamp is to the second: a container parked in the same second as another takes the name with -2, -3... */
    private static String freeParkedName(DockerEngine docker, String stamped) {
        String name = stamped;
        for (int n = 2; docker.inspectContainer(name).isPresent(); n++) {
            name = stamped + "-" + n;
        }
        return name;
    }

    /**
     * A container of this stack that still holds the name, made by a deploy that was cut short and never started,
     * is the operator's own to clean up; anything else keeps the name and the create fails.
     */
    static void removeLeftover(Deployment deployment, String name) {
        DockerEngine docker = deployment.docker();
        docker.inspectContainer(name)
                .filter(c -> deployment.desired().name().equals(c.labels().get(ContainerLabels.STACK)))
                .filter(c -> "created".equals(c.status()))
                .ifPresent(c -> docker.removeContainer(c.id()));
    }
}
