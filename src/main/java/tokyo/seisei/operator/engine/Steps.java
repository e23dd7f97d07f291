package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.util.List;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;

/**
 * The steps a change of a stack goes through, in order; verify or roll back follows them. The images are
 * pulled before the backup, so a deploy that cannot pull fails before a dump is taken; both come before
 * anything is replaced.
 */
public final class Steps {

    private Steps() {
    }

    public static List<Step> converge(OperatorSettings settings, DockerEngine docker, Clock clock) {
        return List.of(
                new DigestCheck(),
                new Preflight(settings.layout().root(), settings.minFreeDiskPercent()),
                new PullImages(),
                BackupDatabases.create(settings.layout(), clock),
                new PrepareResources(),
                new ReplaceContainers(settings.dependencyTimeout()),
                new SmokeStep(new SmokeRunner(docker, clock, settings.smokeStableFor())));
    }
}
