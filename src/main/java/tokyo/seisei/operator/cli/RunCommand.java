package tokyo.seisei.operator.cli;

import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import sun.misc.Signal;
import tokyo.seisei.operator.app.ApiToken;
import tokyo.seisei.operator.app.Daemon;
import tokyo.seisei.operator.app.DesiredStateWatcher;
import tokyo.seisei.operator.app.EngineWatch;
import tokyo.seisei.operator.app.GitPoller;
import tokyo.seisei.operator.app.OperatorConfig;
import tokyo.seisei.operator.app.OperatorLock;
import tokyo.seisei.operator.app.RunningDaemons;
import tokyo.seisei.operator.app.WebhookSecret;
import tokyo.seisei.operator.source.GitSource;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the operator: a pass every operator.poll-interval, and one soon after a desired-state file changes"
                + " (or, following git, after a fetch brings a new commit).")
public class RunCommand extends StackCommand {

    @Inject
    OperatorConfig config;

    @Inject
    DesiredStateWatcher watcher;

    @Inject
    Instance<EngineWatch> engineWatch;

    @Inject
    Instance<Daemon> daemon;

    @Inject
    ApiToken token;

    @Inject
    Instance<GitPoller> git;

    @Inject
    WebhookSecret hookSecret;

    @Override
    public Integer call() {
        requireWritableStateDir();
        if (!git.get().enabled()) {
            known.requireFolder(); // a repository not fetched yet is fetched below, and retried until it can be
        }
        var held = OperatorLock.acquire(Path.of(config.stateDir()));
        if (held.isPresent()) {
            System.err.println("error: " + held.get());
            return held.get().startsWith("another operator") ? ExitCodes.NOT_SETTLED : ExitCodes.USAGE;
        }
        if (git.get().enabled()) {
            System.err.printf("stack operator: desired state %s of git %s (branch %s), fetched every %ss, state dir %s, poll every %ss%n",
                    config.git().path(), GitSource.redact(config.git().url().orElse("")), config.git().branch(), config.git().pollInterval().toSeconds(),
                    config.stateDir(), config.pollInterval().toSeconds());
        } else {
            System.err.printf("stack operator: desired state %s, state dir %s, poll every %ss%n",
                    Path.of(config.desiredStateDir()).toAbsolutePath(), config.stateDir(), config.pollInterval().toSeconds());
        }
        // a command run against another state dir can then say where this daemon records
        RunningDaemons running = new RunningDaemons();
        running.register(Path.of(config.stateDir()));
        // removed at any exit but SIGKILL (the exit handler ends the process before waitForExit returns here)
        Runtime.getRuntime().addShutdownHook(new Thread(running::unregister, "runtime-file"));
        // systemctl stop sends SIGTERM: the daemon stops as if asked to, and exits 0 once the step under way is done
        Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(ExitCodes.OK));
        token.load();
        hookSecret.load();
        daemon.get().start();
        watcher.start(!git.get().enabled()); // watching before the first pass reads the folder
        if (git.get().enabled()) {
            git.get().start(); // the first fetch, then a pass; then a fetch every operator.git.poll-interval
        } else {
            daemon.get().requestPass(null);
        }
        engineWatch.get().start();
        Quarkus.waitForExit();
        return ExitCodes.OK;
    }
}
