package tokyo.seisei.operator.cli;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.engine.Operations;
import tokyo.seisei.operator.store.PauseStore;

@Command(name = "pause", mixinStandardHelpOptions = true,
        description = "Pauses a stack (or the whole host) for manual work: the operator changes nothing of it, not even drift, until resume.",
        footer = {"", "Exit codes: 0 paused, 2 unknown stack or missing reason."})
public class PauseCommand implements Callable<Integer> {

    @ArgGroup(multiplicity = "1")
    Target target;

    static class Target {
        @Parameters(paramLabel = "STACK", description = "The stack to pause.")
        String stack;

        @Option(names = "--all", description = "Pause every stack of the host.")
        boolean all;
    }

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the status and the people after you.")
    String reason;

    @Inject
    Operations operations;

    @Inject
    KnownStacks known;

    @Override
    public Integer call() {
        if (reason.isBlank()) {
            System.err.println("error: --reason must say why the stack is paused");
            return ExitCodes.USAGE;
        }
        String stack = target.all ? PauseStore.ALL : target.stack;
        if (!target.all && known.refuses(stack)) {
            return ExitCodes.USAGE;
        }
        operations.pause(stack, reason, User.current());
        String what = target.all ? "every stack" : stack;
        System.out.println("paused " + what + ": " + reason);
        System.out.println("the operator changes nothing of " + what + " until: stackctl resume " + (target.all ? "--all" : stack));
        return ExitCodes.OK;
    }
}
