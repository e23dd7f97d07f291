package tokyo.seisei.operator.engine.plan;

import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;

/**
 * Labels the operator puts on each container: Compose's, so {@code docker compose -p <stack> ps} lists
 * them, and its own, to find them again and to tell whether they still match the desired state.
 */
public final class ContainerLabels {

    public static final String STACK = DockerEngine.STACK_LABEL;
    public static final String SERVICE = "tokyo.seisei.operator.service";
    public static final String VERSION = "tokyo.seisei.operator.version";
    public static final String SPEC_HASH = "tokyo.seisei.operator.spec-hash";
    /** a short digest of each field of the spec, so that a plan can name the fields that changed */
    public static final String SPEC_FIELDS = "tokyo.seisei.operator.spec-fields";
    /** the operator (its state dir) that made the container: another one on the same engine leaves it alone */
    public static final String INSTANCE = "tokyo.seisei.operator.instance";

    public static final String COMPOSE_PROJECT = DockerEngine.COMPOSE_PROJECT_LABEL;
    public static final String COMPOSE_SERVICE = "com.docker.compose.service";
    public static final String COMPOSE_ONEOFF = "com.docker.compose.oneoff";
    public static final String COMPOSE_NUMBER = "com.docker.compose.container-number";
    public static final String COMPOSE_CONFIG_HASH = "com.docker.compose.config-hash";

    private ContainerLabels() {
    }

    /** The service a container serves: the operator's label, else, for one {@code docker compose} made, Compose's. */
    public static String serviceOf(ContainerSummary container) {
        String service = container.label(SERVICE);
        return service != null || !container.composeMade() ? service : container.label(COMPOSE_SERVICE);
    }
}
