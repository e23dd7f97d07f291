package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.DryRun;

@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = "Runs the preflight checks of one stack, changing nothing: engine, external networks and volumes, free disk, validity.",
        footer = {"", "Exit codes: 0 every check passes, 1 a check fails or the engine cannot be reached, 2 unknown stack."})
public class PreflightCommand extends StackCommand {

    @Parameters(paramLabel = "STACK", description = "The stack to check.")
    String stack;

    @Inject
    Instance<DryRun> dryRun;

    @Override
    public Integer call() {
        known.requireDeclared(List.of(stack));
        List<String> failures;
        try {
            failures = dryRun.get().preflight(stack);
        } catch (DockerFailure e) {
            System.out.println("EngineUnreachable: " + e.getMessage());
            return ExitCodes.NOT_SETTLED;
        }
        failures.forEach(System.out::println);
        System.out.println(failures.isEmpty() ? stack + ": preflight passed" : stack + ": preflight failed, "
                + failures.size() + " check(s)");
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.NOT_SETTLED;
    }
}
