package tokyo.seisei.operator.engine.smoke;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.docker.ExecResult;
import tokyo.seisei.operator.model.Secrets;

/** A command run in a service's container, without a TTY, exits 0. */
final class ExecCheck implements SmokeCheck {

    private static final int STDERR_SHOWN = 200;

    private final DockerEngine docker;
    private final String service;
    private final String container;
    private final List<String> command;
    private final Set<String> secretValues;

    /** @param secretValues the stack's secrets: masked in what the command wrote before it is cut */
    ExecCheck(DockerEngine docker, String service, String container, List<String> command, Set<String> secretValues) {
        this.docker = docker;
        this.service = service;
        this.container = container;
        this.command = List.copyOf(command);
        this.secretValues = secretValues;
    }

    @Override
    public String label() {
        return "exec " + service + ": " + String.join(" ", command);
    }

    @Override
    public CheckResult attempt(Duration timeout) {
        ExecResult result;
        try {
            result = docker.exec(container, command, null, null, timeout);
        } catch (DockerFailure e) {
            if (e.transientFailure()) {
                throw e;
            }
            return CheckResult.fail(label() + ": " + e.getMessage());
        }
        if (result.succeeded()) {
            return CheckResult.pass(label() + " exited 0");
        }
        // the engine keeps the end of stderr: its last line says most; masked before it is cut, escaped after
        String stderr = Secrets.quoted(result.stderr() == null ? ""
                : result.stderr().strip().lines().reduce((a, b) -> b).orElse(""), secretValues, STDERR_SHOWN);
        return CheckResult.fail(label() + " exited " + result.exitCode() + (stderr.isEmpty() ? "" : ": " + stderr));
    }
}
