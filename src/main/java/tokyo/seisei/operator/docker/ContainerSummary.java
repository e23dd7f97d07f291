package tokyo.seisei.operator.docker;

import java.util.List;
import java.util.Map;

/**
 * One container as the list call reports it.
 *
 * @param name   without the leading slash
 * @param image  the image reference the container was created from
 * @param state  docker's state word: created, running, paused, restarting, removing, exited, dead
 * @param status docker's human status line, e.g. "Up 5 minutes (healthy)"; health is read from it
 * @param publishedPorts the host ports it holds now, as "8080/tcp"
 */
public record ContainerSummary(String id, String name, String image, String imageId, String state,
                               String status, Map<String, String> labels, List<String> publishedPorts) {

    public ContainerSummary(String id, String name, String image, String imageId, String state, String status,
                            Map<String, String> labels) {
        this(id, name, image, imageId, state, status, labels, List.of());
    }

    public boolean running() {
        return "running".equals(state);
    }

    /** Running, or the engine is already bringing it back or holding it: nothing to start. */
    public boolean alive() {
        return "running".equals(state) || "restarting".equals(state) || "paused".equals(state);
    }

    public String label(String key) {
        return labels.get(key);
    }

    /** The stack it belongs to: {@link DockerEngine#STACK_LABEL}, else the Compose project that made it; or null. */
    public String stack() {
        return stackOf(labels);
    }

    /** Made by {@code docker compose}, not by the operator: it has a Compose project and no stack label. */
    public boolean composeMade() {
        return composeMade(labels);
    }

    public static String stackOf(Map<String, String> labels) {
        String stack = labels.get(DockerEngine.STACK_LABEL);
        return stack != null ? stack : labels.get(DockerEngine.COMPOSE_PROJECT_LABEL);
    }

    public static boolean composeMade(Map<String, String> labels) {
        return !labels.containsKey(DockerEngine.STACK_LABEL) && labels.containsKey(DockerEngine.COMPOSE_PROJECT_LABEL);
    }

    /** healthy, unhealthy, starting, or null when the container has no healthcheck. */
    public String health() {
        if (status == null) {
            return null;
        }
        if (status.contains("(healthy)")) {
            return "healthy";
        }
        if (status.contains("(unhealthy)")) {
            return "unhealthy";
        }
        if (status.contains("(health: starting)")) {
            return "starting";
        }
        return null;
    }
}
