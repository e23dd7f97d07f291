package tokyo.seisei.operator.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tokyo.seisei.operator.model.Reason;

/** External networks and volumes must exist; the stack's own are created when missing. */
final class PrepareResources implements Step {

    @Override
    public String name() {
        return "Prepare";
    }

    @Override
    public String failureReason() {
        return Reason.CREATE_FAILED;
    }

    @Override
    public StepOutcome run(Deployment deployment) {
        var docker = deployment.docker();
        DesiredStack desired = deployment.desired();
        List<String> missingNetworks = new ArrayList<>();
        List<String> missingVolumes = new ArrayList<>();
        desired.networks().stream().filter(DesiredStack.Resource::external)
                .filter(n -> !docker.networkExists(n.name())).forEach(n -> missingNetworks.add(n.name()));
        desired.volumes().stream().filter(DesiredStack.Resource::external)
                .filter(v -> !docker.volumeExists(v.name())).forEach(v -> missingVolumes.add(v.name()));
        if (!missingNetworks.isEmpty()) {
            return StepOutcome.blocked(Reason.NETWORK_MISSING, "external network(s) " + String.join(", ", missingNetworks)
                    + " do not exist: create them (docker network create NAME) or fix spec.networks");
        }
        if (!missingVolumes.isEmpty()) {
            return StepOutcome.blocked(Reason.VOLUME_MISSING, "external volume(s) " + String.join(", ", missingVolumes)
                    + " do not exist: create them (docker volume create NAME) or fix spec.volumes");
        }
        Map<String, String> labels = Map.of(ContainerLabels.STACK, desired.name(),
                ContainerLabels.COMPOSE_PROJECT, desired.name());
        desired.networks().stream().filter(n -> !n.external() && !docker.networkExists(n.name()))
                .forEach(n -> docker.createNetwork(n.name(), labels));
        desired.volumes().stream().filter(v -> !v.external() && !docker.volumeExists(v.name()))
                .forEach(v -> docker.createVolume(v.name(), labels));
        return StepOutcome.done("networks and volumes ready");
    }
}
