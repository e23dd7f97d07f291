package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.engine.smoke.CheckResult;
import tokyo.seisei.operator.engine.smoke.SmokeResult;
import tokyo.seisei.operator.engine.smoke.StackSmoke;

@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = "Runs the smoke of a stack against its containers as they run now, changing nothing: every"
                + " container running and healthy, and the checks of spec.smoke.",
        footer = {"", "Exit codes: 0 the smoke passed, 1 it failed or the engine cannot be reached,"
                + " 2 unknown stack, invalid file or usage error."})
public class SmokeCommand extends StackCommand {

    @Parameters(paramLabel = "STACK", description = "The stack to check.")
    String stack;

    @Inject
    Instance<StackSmoke> smoke;

    @Override
    public Integer call() {
        known.requireFolder();
        SmokeResult result;
        try {
            result = smoke.get().run(stack);
        } catch (StackSmoke.NotRunnable e) {
            throw Refusal.usage(e.getMessage());
        }
        for (CheckResult check : result.checks()) {
            System.out.printf("  %-4s  %s%n", check.passed() ? "ok" : "FAIL", check.line());
        }
        System.out.println(stack + ": " + result.message());
        return result.passed() ? ExitCodes.OK : ExitCodes.NOT_SETTLED;
    }
}
