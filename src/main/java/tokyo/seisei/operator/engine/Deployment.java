package tokyo.seisei.operator.engine;

import tokyo.seisei.operator.docker.DockerEngine;

/** What the steps of one stack's convergence share. */
public record Deployment(StackPlan plan, DockerEngine docker) {

    public DesiredStack desired() {
        return plan.desired();
    }
}
