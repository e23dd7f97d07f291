package tokyo.seisei.operator.docker;

import java.util.Map;

/**
 * One container as inspect reports it.
 *
 * @param status       docker's state word (running, exited, ...)
 * @param health       healthy, unhealthy, starting, or null when the container has no healthcheck
 * @param healthOutput what the healthcheck's latest probe printed (its last entry in the health log), or null
 * @param restartCount how often the engine restarted it
 * @param restartPolicy as written in a spec: no, always, unless-stopped, on-failure[:N]
 * @param anonymousVolumes the container's volumes that have no name of their own (declared without a source,
 *                         or by the image's VOLUME), by the path they are mounted at
 */
public record ContainerDetails(String id, String name, String image, String imageId, String status,
                               String health, String healthOutput, int restartCount, Integer exitCode,
                               String restartPolicy, Map<String, String> anonymousVolumes, Map<String, String> labels,
                               String rawJson) {

    /** A container whose healthcheck's output is not known. */
    public ContainerDetails(String id, String name, String image, String imageId, String status, String health,
                            int restartCount, Integer exitCode, String restartPolicy,
                            Map<String, String> anonymousVolumes, Map<String, String> labels, String rawJson) {
        this(id, name, image, imageId, status, health, null, restartCount, exitCode, restartPolicy, anonymousVolumes,
                labels, rawJson);
    }

    public boolean running() {
        return "running".equals(status);
    }
}
