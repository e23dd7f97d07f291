package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tokyo.seisei.operator.engine.Operations;

@Command(name = "pause", mixinStandardHelpOptions = true,
        description = "Pauses a stack (or the whole host) for manual work: the operator changes nothing of it, not even drift, until resume.",
        footer = {"", "Exit codes: 0 paused, 2 unknown stack or missing reason."})
public class PauseCommand extends StackCommand {

    @ArgGroup(multiplicity = "1")
    StackOrAll target;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the status and the people after you.")
    String reason;

    @Inject
    Instance<Operations> operations;

    @Override
    public Integer call() {
        requireWritableStateDir();
        stateDir.name();
        if (reason.isBlank()) {
            throw Refusal.usage("--reason must say why the stack is paused");
        }
        String stack = target.checked(known);
        boolean idle = operations.get().pause(stack, reason, User.current());
        String what = target.all ? "every stack" : stack;
        System.out.println("paused " + what + ": " + reason);
        if (!idle) {
            System.out.println("a converge of " + stack + " is under way: it stops before its next change, or, if it has"
                    + " replaced a container already, finishes first (stackctl status " + stack + " says Paused then)");
        }
        System.out.println("the operator changes nothing of " + what + " until: stackctl resume " + (target.all ? "--all" : stack));
        stateDir.unheard("the pause");
        return ExitCodes.OK;
    }
}
