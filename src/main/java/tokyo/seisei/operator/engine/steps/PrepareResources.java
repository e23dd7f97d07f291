package tokyo.seisei.operator.engine.steps;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.docker.NetworkIpam;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.model.Ipv4Subnet;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.store.NetworkPool;

/**
 * Creates the stack's own networks and volumes when missing; external ones were checked by the preflight. A
 * network is created on the subnets its {@code ipam} declares, or else on its subnet of the operator's pool, so
 * the engine's own address pools (about 30 networks) never run out.
 */
final class PrepareResources implements Step {

    /** How many subnets of the pool a network tries when networks made outside the operator hold the first ones. */
    static final int ATTEMPTS = 5;

    private final NetworkPool pool;

    PrepareResources(NetworkPool pool) {
        this.pool = pool;
    }

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
        DockerEngine docker = deployment.docker();
        DesiredStack desired = deployment.desired();
        Map<String, String> labels = Map.of(ContainerLabels.STACK, desired.name(),
                ContainerLabels.COMPOSE_PROJECT, desired.name());
        try {
            desired.networks().stream().filter(n -> !n.external() && !docker.networkExists(n.name()))
                    .forEach(n -> createNetwork(docker, desired.name(), n, labels));
        } catch (NetworkPool.Exhausted e) {
            return StepOutcome.blocked(Reason.NETWORK_POOL_EXHAUSTED, e.getMessage());
        }
        desired.volumes().stream().filter(v -> !v.external() && !docker.volumeExists(v.name()))
                .forEach(v -> docker.createVolume(v.name(), labels));
        return StepOutcome.done("networks and volumes ready");
    }

    private void createNetwork(DockerEngine docker, String stack, DesiredStack.Resource network, Map<String, String> labels) {
        if (network.ipam() != null) {
            docker.createNetwork(network.name(), labels, network.ipam());
            return;
        }
        Ipv4Subnet subnet = pool.subnetFor(stack, network.name(), () -> subnetsInUse(docker));
        for (int attempt = 1; ; attempt++) {
            try {
                docker.createNetwork(network.name(), labels, NetworkIpam.subnet(subnet.toString()));
                return;
            } catch (DockerFailure e) {
                // a network made outside the operator may hold the recorded subnet: the engine refuses the overlap
                Collection<String> inUse = docker.networkSubnets().entrySet().stream()
                        .filter(n -> !n.getKey().equals(network.name())).flatMap(n -> n.getValue().stream()).toList();
                Ipv4Subnet refused = subnet;
                boolean overlaps = inUse.stream().map(Ipv4Subnet::parse).flatMap(Optional::stream)
                        .anyMatch(refused::overlaps);
                if (e.transientFailure() || !overlaps || attempt == ATTEMPTS) {
                    throw e;
                }
                subnet = pool.replace(stack, network.name(), refused, inUse);
            }
        }
    }

    static Collection<String> subnetsInUse(DockerEngine docker) {
        return docker.networkSubnets().values().stream().flatMap(List::stream).toList();
    }
}
