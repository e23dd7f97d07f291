package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.app.Operator;
import tokyo.seisei.operator.engine.PassResult;
import tokyo.seisei.operator.engine.Reconciler;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Runs one full pass, each stack to its end, then exits.",
        footer = {"", "Exit codes: 0 every stack Ready or Paused, 1 otherwise, 2 usage or configuration error."})
public class ReconcileCommand extends StackCommand {

    /** How long the command waits for its notifications to be delivered before it exits. */
    private static final Duration WEBHOOK_WAIT = Duration.ofSeconds(30);

    @Parameters(paramLabel = "STACK", arity = "0..*", description = "Stacks to reconcile (default: all).")
    List<String> stacks = new ArrayList<>();

    @Inject
    Instance<Reconciler> reconciler;

    @Inject
    Instance<Operator> operator;

    @Override
    public Integer call() {
        requireWritableStateDir();
        stateDir.name();
        fetchFirst();
        known.requireWithFolder(stacks);
        PassResult result = reconciler.get().reconcile(stacks);
        operator.get().events().drain(WEBHOOK_WAIT);
        if (result.engineError() != null) {
            System.err.println("error: " + result.engineError() + "; nothing was changed");
            return ExitCodes.NOT_SETTLED;
        }
        result.phases().forEach((stack, phase) -> System.out.println(stack + " " + phase));
        return result.allSettled() ? ExitCodes.OK : ExitCodes.NOT_SETTLED;
    }
}
