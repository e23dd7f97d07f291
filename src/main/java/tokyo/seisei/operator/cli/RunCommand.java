package tokyo.seisei.operator.cli;

import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import sun.misc.Signal;
import tokyo.seisei.operator.app.ApiToken;
import tokyo.seisei.operator.app.Daemon;
import tokyo.seisei.operator.app.DesiredStateWatcher;
import tokyo.seisei.operator.app.EngineWatch;
import tokyo.seisei.operator.app.OperatorConfig;
import tokyo.seisei.operator.app.OperatorLock;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the operator: a pass every operator.poll-interval, and one soon after a desired-state file changes.")
public class RunCommand extends StackCommand {

    @Inject
    OperatorConfig config;

    @Inject
    DesiredStateWatcher watcher;

    @Inject
    EngineWatch engineWatch;

    @Inject
    Daemon daemon;

    @Inject
    ApiToken token;

    @Override
    public Integer call() {
        requireWritableStateDir();
        known.requireFolder();
        var held = OperatorLock.acquire(Path.of(config.stateDir()));
        if (held.isPresent()) {
            System.err.println("error: " + held.get());
            return held.get().startsWith("another operator") ? ExitCodes.NOT_SETTLED : ExitCodes.USAGE;
        }
        System.err.printf("stack operator: desired state %s, state dir %s, poll every %ss%n",
                Path.of(config.desiredStateDir()).toAbsolutePath(), config.stateDir(), config.pollInterval().toSeconds());
        // systemctl stop sends SIGTERM: the daemon stops as if asked to, and exits 0 once the step under way is done
        Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(ExitCodes.OK));
        token.load();
        daemon.start();
        daemon.requestPass(null);
        watcher.start();
        engineWatch.start();
        Quarkus.waitForExit();
        return ExitCodes.OK;
    }
}
