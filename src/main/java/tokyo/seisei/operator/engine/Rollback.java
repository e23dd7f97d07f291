package tokyo.seisei.operator.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;

/**
 * Undoes what a failed deploy changed, newest first: its new containers are stopped and removed, and the
 * kept previous ones take their names, restart policies and places back. No pull: they are still here.
 */
final class Rollback {

    /** @param problems what could not be undone; empty when everything was put back */
    record Result(List<String> problems, boolean restoredAnything) {
        boolean succeeded() {
            return problems.isEmpty();
        }
    }

    Result undo(Deployment deployment) {
        DockerEngine docker = deployment.docker();
        List<String> problems = new ArrayList<>();
        List<Deployment.Replacement> replacements = new ArrayList<>(deployment.replacements());
        java.util.Collections.reverse(replacements);
        boolean restored = false;
        for (Deployment.Replacement r : replacements) {
            try {
                if (r.newId() != null) {
                    docker.stopContainer(r.newId(), Duration.ofSeconds(5));
                    docker.removeContainer(r.newId());
                }
                if (r.oldId() != null) {
                    if (docker.inspectContainer(r.oldId()).map(c -> !c.name().equals(r.oldName())).orElse(false)) {
                        docker.renameContainer(r.oldId(), r.oldName());
                    }
                    docker.setRestartPolicy(r.oldId(), r.oldRestartPolicy());
                    docker.startContainer(r.oldId());
                    restored = true;
                }
            } catch (DockerFailure e) {
                problems.add(r.service() + ": " + e.getMessage());
            }
        }
        return new Result(problems, restored);
    }
}
