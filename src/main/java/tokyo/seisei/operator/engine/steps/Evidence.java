package tokyo.seisei.operator.engine.steps;

import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;

/**
 * What a container of a failed version said, read before the rollback stops it: the end of its log and what its
 * healthcheck printed last.
 *
 * @param health       healthy, unhealthy, starting, or null without a healthcheck
 * @param healthOutput the healthcheck's last output, or null
 * @param log          the last {@link #LOG_LINES} lines it wrote to stdout and stderr, or null when the engine did not
 *                     give them ({@code unread} says why)
 */
public record Evidence(String service, String container, String containerId, String health, String healthOutput,
                       String log, String unread) {

    public static final int LOG_LINES = 200;

    /** Read from the engine; a refusal is noted, never thrown: putting the previous version back comes first. */
    static Evidence of(DockerEngine docker, String service, ContainerDetails container) {
        try {
            return new Evidence(service, container.name(), container.id(), container.health(), container.healthOutput(),
                    docker.logs(container.id(), LOG_LINES), null);
        } catch (DockerFailure e) {
            return new Evidence(service, container.name(), container.id(), container.health(), container.healthOutput(),
                    null, e.getMessage());
        }
    }

    /** The last line the container wrote that is not blank, or null. */
    public String lastLogLine() {
        return log == null ? null : log.strip().lines().reduce((a, b) -> b).map(String::strip).orElse(null);
    }

    /** The healthcheck's last output on one line, or null. */
    public String healthSaid() {
        String line = healthOutput == null ? "" : String.join(" ", healthOutput.strip().lines().map(String::strip)
                .filter(l -> !l.isEmpty()).toList());
        return line.isEmpty() ? null : line;
    }
}
