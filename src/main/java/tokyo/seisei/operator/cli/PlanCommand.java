package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.engine.DryRun;
import tokyo.seisei.operator.engine.PlanReport;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Shows what reconcile would do, per service, changing nothing.",
        footer = {"", "Exit codes: 0 plan shown, 1 the engine cannot be reached, 2 usage or configuration error."})
public class PlanCommand extends StackCommand {

    @Parameters(paramLabel = "STACK", arity = "0..*", description = "Stacks to plan (default: all).")
    List<String> stacks = new ArrayList<>();

    @Inject
    Instance<DryRun> dryRun;

    @Override
    public Integer call() {
        fetchFirst();
        known.requireDeclared(stacks);
        for (PlanReport report : dryRun.get().plan(stacks)) {
            System.out.println(report.stack() + " (" + report.version() + ")");
            report.blockedBy().forEach(p -> System.out.println("  blocked: " + p));
            Table services = Table.headless().indent("  ");
            report.lines().forEach(l -> services.row(l.service(), l.action(), l.action().equals("nothing") ? "" : l.why()));
            System.out.print(services.render());
        }
        return ExitCodes.OK;
    }
}
