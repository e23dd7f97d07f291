package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.engine.Operations;

@Command(name = "retry", mixinStandardHelpOptions = true,
        description = "Clears the failed-version latch, so the next pass tries the desired version again.",
        footer = {"", "Exit codes: 0 cleared or nothing to clear, 2 unknown stack."})
public class RetryCommand extends StackCommand {

    @Parameters(paramLabel = "STACK", description = "The stack whose failed version to try again.")
    String stack;

    @Inject
    Instance<Operations> operations;

    @Override
    public Integer call() {
        requireWritableStateDir();
        stateDir.name();
        known.require(stack);
        Optional<String> failed = operations.get().retry(stack);
        System.out.println(failed.map(v -> stack + ": the next pass tries " + v + " again (now: stackctl reconcile " + stack + ")")
                .orElse(stack + ": no failed version to retry"));
        stateDir.unheard("the retry");
        return ExitCodes.OK;
    }
}
