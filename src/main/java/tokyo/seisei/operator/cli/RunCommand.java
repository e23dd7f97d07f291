package tokyo.seisei.operator.cli;

import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import tokyo.seisei.operator.app.ApiToken;
import tokyo.seisei.operator.app.Daemon;
import tokyo.seisei.operator.app.DesiredStateWatcher;
import tokyo.seisei.operator.app.OperatorConfig;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the operator: a pass every operator.poll-interval, and one soon after a desired-state file changes.")
public class RunCommand extends StackCommand {

    @Inject
    OperatorConfig config;

    @Inject
    DesiredStateWatcher watcher;

    @Inject
    Daemon daemon;

    @Inject
    ApiToken token;

    @Override
    public Integer call() {
        known.requireFolder();
        System.err.printf("stack operator: desired state %s, state dir %s, poll every %ss%n",
                Path.of(config.desiredStateDir()).toAbsolutePath(), config.stateDir(), config.pollInterval().toSeconds());
        token.load();
        daemon.start();
        daemon.requestPass(null);
        watcher.start();
        Quarkus.waitForExit();
        return ExitCodes.OK;
    }
}
