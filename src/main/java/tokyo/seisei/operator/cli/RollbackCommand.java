package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.ManualRollback;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Deploys the previous successful version (or --to VERSION) through the same pipeline, backup and smoke"
                + " included, then pauses the stack: git still asks for the other version.",
                "A kept previous container of that version comes back in seconds, without a pull."},
        footer = {"", "Exit codes: 0 rolled back and paused, 1 the rollback failed (see stackctl status), 2 unknown stack"
                + " or no earlier version."})
public class RollbackCommand extends StackCommand {

    @Parameters(paramLabel = "STACK", description = "The stack to roll back.")
    String stack;

    @Option(names = "--to", paramLabel = "VERSION", description = "The version to go back to (default: the previous successful one).")
    String to;

    @Inject
    Instance<ManualRollback> rollback;

    @Override
    public Integer call() {
        requireWritableStateDir();
        stateDir.name();
        known.requireWithFolder(List.of(stack));
        ManualRollback.Outcome outcome;
        try {
            outcome = rollback.get().rollback(stack, Optional.ofNullable(to), User.current());
        } catch (DockerFailure e) {
            System.err.println("error: " + e.getMessage() + "; nothing was changed");
            return ExitCodes.NOT_SETTLED;
        }
        if (!outcome.succeeded()) {
            System.err.println("rollback of " + stack + " to " + outcome.version() + " failed (" + outcome.phase() + "): "
                    + outcome.message());
            return ExitCodes.NOT_SETTLED;
        }
        System.out.println("rolled back " + stack + " to " + outcome.version() + " (from " + outcome.from() + ")");
        System.out.println("the stack is paused: manual rollback to " + outcome.version());
        System.out.println("the desired state in git still asks for " + outcome.gitVersion()
                + ": change it in git, then stackctl resume " + stack);
        return ExitCodes.OK;
    }
}
