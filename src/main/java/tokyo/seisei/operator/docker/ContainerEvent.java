package tokyo.seisei.operator.docker;

import java.util.Map;

/**
 * Something the engine says happened to a managed container.
 *
 * @param action die, stop, kill, oom, {@code health_status: unhealthy} ...
 * @param labels the container's labels (its stack, its operator instance)
 */
public record ContainerEvent(String action, Map<String, String> labels) {

    /** A container stopped running, or its health check turned unhealthy: its stack wants a look now. */
    public boolean needsALook() {
        return action != null && (action.equals("die") || action.equals("stop") || action.equals("kill")
                || action.equals("oom") || action.startsWith("health_status: unhealthy"));
    }
}
