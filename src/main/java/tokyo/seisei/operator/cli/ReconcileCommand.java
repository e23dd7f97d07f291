package tokyo.seisei.operator.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.app.OperatorConfig;
import tokyo.seisei.operator.engine.Reconciler;
import tokyo.seisei.operator.store.StatusStore;

@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Runs one full pass, each stack to its end, then exits.",
        footer = {"", "Exit codes: 0 every stack Ready or Paused, 1 otherwise, 2 usage or configuration error."})
public class ReconcileCommand implements Callable<Integer> {

    @Parameters(paramLabel = "STACK", arity = "0..*", description = "Stacks to reconcile (default: all).")
    List<String> stacks = new ArrayList<>();

    @Inject
    OperatorConfig config;

    @Inject
    Reconciler reconciler;

    @Inject
    StatusStore statuses;

    @Override
    public Integer call() {
        Optional<String> problem = StackNames.checkFolder(Path.of(config.desiredStateDir()))
                .or(() -> StackNames.checkKnown(stacks, reconciler.stackNames(),
                        statuses.readAll().stream().map(s -> s.stack()).toList()));
        if (problem.isPresent()) {
            System.err.println(problem.get());
            return ExitCodes.USAGE;
        }
        Reconciler.PassResult result = reconciler.reconcile(stacks);
        if (result.engineError() != null) {
            System.err.println("error: " + result.engineError() + "; nothing was changed");
            return ExitCodes.NOT_SETTLED;
        }
        result.phases().forEach((stack, phase) -> System.out.println(stack + " " + phase));
        return result.allSettled() ? ExitCodes.OK : ExitCodes.NOT_SETTLED;
    }
}
