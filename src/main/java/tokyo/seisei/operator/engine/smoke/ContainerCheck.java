package tokyo.seisei.operator.engine.smoke;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.model.Secrets;

/**
 * A service's container runs, keeps running, and is healthy where it has a healthcheck. It remembers the
 * container and its restart count at the first look: a container that exits, restarts or is replaced after
 * that fails the smoke at once, and so does one its healthcheck reports unhealthy, quoting the check's last
 * output. A health still {@code starting} is only not healthy yet.
 */
final class ContainerCheck implements SmokeCheck {

    private static final int OUTPUT_SHOWN = 200;

    private final DockerEngine docker;
    private final String service;
    private final String container;
    private final Set<String> secretValues;
    private String firstId;
    private int firstRestarts;

    /** @param secretValues the stack's secrets: masked in what the healthcheck said before it is cut */
    ContainerCheck(DockerEngine docker, String service, String container, Set<String> secretValues) {
        this.docker = docker;
        this.service = service;
        this.container = container;
        this.secretValues = secretValues;
    }

    @Override
    public String label() {
        return service;
    }

    @Override
    public CheckResult attempt(Duration timeout) {
        Optional<ContainerDetails> found = docker.inspectContainer(container);
        if (found.isEmpty()) {
            return CheckResult.fatal(service + ": no container " + container);
        }
        ContainerDetails details = found.get();
        if (firstId == null) {
            firstId = details.id();
            firstRestarts = details.restartCount();
        } else if (!firstId.equals(details.id())) {
            return CheckResult.fatal(service + ": container " + container + " was replaced during the smoke");
        }
        if (details.restartCount() > firstRestarts) {
            return CheckResult.fatal(service + ": container restarted (restart count " + firstRestarts + " -> "
                    + details.restartCount() + ")");
        }
        String status = String.valueOf(details.status());
        switch (status) {
            case "running":
                break;
            case "exited", "dead":
                return CheckResult.fatal(service + ": container " + status + " (exit code " + details.exitCode() + ")");
            case "restarting":
                return CheckResult.fatal(service + ": container is restarting (restart count "
                        + details.restartCount() + ")");
            default:
                return CheckResult.fail(service + ": container is " + status);
        }
        if (details.health() == null) {
            return CheckResult.pass(service + ": running");
        }
        return switch (details.health()) {
            case "healthy" -> CheckResult.pass(service + ": running, healthy");
            case "unhealthy" -> CheckResult.fatal(service + ": health is unhealthy" + said(details.healthOutput()));
            default -> CheckResult.fail(service + ": health is " + details.health());
        };
    }

    /** The healthcheck's last output on one line, its secrets masked, then cut short: what the check itself saw. */
    private String said(String output) {
        String line = output == null ? "" : String.join(" ", output.strip().lines().map(String::strip)
                .filter(l -> !l.isEmpty()).toList());
        return line.isEmpty() ? "" : ": " + Secrets.quoted(line, secretValues, OUTPUT_SHOWN);
    }
}
