package tokyo.seisei.operator.cli;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.engine.Operations;
import tokyo.seisei.operator.store.PauseStore;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Lifts a pause made with stackctl pause; the next pass converges the stack again.",
        footer = {"", "Exit codes: 0 resumed or was not paused, 2 unknown stack."})
public class ResumeCommand implements Callable<Integer> {

    @ArgGroup(multiplicity = "1")
    Target target;

    static class Target {
        @Parameters(paramLabel = "STACK", description = "The stack to resume.")
        String stack;

        @Option(names = "--all", description = "Lift the host-wide pause (stacks paused one by one stay paused).")
        boolean all;
    }

    @Inject
    Operations operations;

    @Inject
    KnownStacks known;

    @Override
    public Integer call() {
        String stack = target.all ? PauseStore.ALL : target.stack;
        if (!target.all && known.refuses(stack)) {
            return ExitCodes.USAGE;
        }
        boolean lifted = operations.resume(stack);
        if (target.all) {
            System.out.println(lifted ? "lifted the host-wide pause (stacks paused one by one stay paused)"
                    : "there was no host-wide pause");
        } else {
            System.out.println(lifted ? "resumed " + stack
                    : stack + " was not paused here (a spec.paused: true in git stays until git changes)");
        }
        return ExitCodes.OK;
    }
}
