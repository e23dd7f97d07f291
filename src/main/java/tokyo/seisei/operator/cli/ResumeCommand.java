package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import tokyo.seisei.operator.engine.Operations;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Lifts a pause made with stackctl pause; the next pass converges the stack again.",
        footer = {"", "Exit codes: 0 resumed or was not paused, 2 unknown stack."})
public class ResumeCommand extends StackCommand {

    @ArgGroup(multiplicity = "1")
    StackOrAll target;

    @Inject
    Instance<Operations> operations;

    @Override
    public Integer call() {
        requireWritableStateDir();
        stateDir.name();
        String stack = target.checked(known);
        boolean lifted = operations.get().resume(stack);
        if (target.all) {
            System.out.println(lifted ? "lifted the host-wide pause (stacks paused one by one stay paused)"
                    : "there was no host-wide pause");
        } else {
            System.out.println(lifted ? "resumed " + stack
                    : stack + " was not paused here (a spec.paused: true in git stays until git changes)");
        }
        stateDir.unheard("the resume");
        return ExitCodes.OK;
    }
}
