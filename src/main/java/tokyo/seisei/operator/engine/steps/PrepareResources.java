package tokyo.seisei.operator.engine.steps;

import java.util.Map;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.model.Reason;

/** Creates the stack's own networks and volumes when missing; external ones were checked by the preflight. */
final class PrepareResources implements Step {

    @Override
    public StepName name() {
        return StepName.PREPARE;
    }

    @Override
    public String failureReason() {
        return Reason.CREATE_FAILED;
    }

    @Override
    public StepOutcome run(Deployment deployment) {
        var docker = deployment.docker();
        DesiredStack desired = deployment.desired();
        Map<String, String> labels = Map.of(ContainerLabels.STACK, desired.name(),
                ContainerLabels.COMPOSE_PROJECT, desired.name());
        desired.networks().stream().filter(n -> !n.external() && !docker.networkExists(n.name()))
                .forEach(n -> docker.createNetwork(n.name(), labels));
        desired.volumes().stream().filter(v -> !v.external() && !docker.volumeExists(v.name()))
                .forEach(v -> docker.createVolume(v.name(), labels));
        return StepOutcome.done("networks and volumes ready");
    }
}
