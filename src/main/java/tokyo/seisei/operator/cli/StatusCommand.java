package tokyo.seisei.operator.cli;

import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.model.StackName;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.store.StatusStore;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows each stack's phase, desired and current version, since when, and why; read from the status files.",
        footer = {"", "Exit codes: 0 shown, 2 no status for a stack named (each one is named; nothing is shown)."})
public class StatusCommand implements Callable<Integer> {

    @Parameters(paramLabel = "STACK", arity = "0..*", description = "Stacks to show, in this order (default: all).")
    List<String> stacks = new ArrayList<>();

    enum Format { table, yaml, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), yaml or json: the status files as they are (one stack: its status; "
                    + "several or all: a list).")
    Format output;

    @Inject
    StatusStore statuses;

    @Inject
    StateDirNote stateDir;

    @Override
    public Integer call() {
        List<String> named = List.copyOf(new LinkedHashSet<>(stacks));
        for (String stack : named) {
            if (!StackName.isValid(stack)) {
                System.err.println("error: " + StackName.problem(stack).orElseThrow());
                return ExitCodes.USAGE;
            }
        }
        List<StackStatus> shown = new ArrayList<>(named.isEmpty() ? statuses.readAll() : List.of());
        List<String> unknown = new ArrayList<>();
        for (String stack : named) {
            statuses.read(stack).ifPresentOrElse(shown::add, () -> unknown.add(stack));
        }
        if (output == Format.table) {
            stateDir.name(); // on stderr, and only beside a table: JSON and YAML stay as the files are
        }
        if (shown.isEmpty() || !unknown.isEmpty()) {
            stateDir.noRecords();
        }
        if (!unknown.isEmpty()) {
            unknown.forEach(stack -> System.err.println("error: no status for stack " + stack
                    + "; it has not been reconciled yet (stackctl reconcile " + stack + ")"));
            return ExitCodes.USAGE;
        }
        if (output != Format.table) {
            Object value = named.size() == 1 ? shown.get(0) : shown;
            System.out.print(output == Format.yaml ? StatusStore.toYaml(value) : StatusStore.toJson(value) + "\n");
            return ExitCodes.OK;
        }
        Table table = Table.of("STACK", "ENV", "PHASE", "DESIRED", "CURRENT", "VERIFIED", "SINCE", "MESSAGE");
        for (StackStatus s : shown) {
            table.row(s.stack(), s.environment(), s.phase(), s.desiredVersion(), s.currentVersion(), s.verifiedVersion(),
                    age(s.phaseSince()), s.message());
        }
        System.out.print(table.render());
        return ExitCodes.OK;
    }

    /** "3m", "2h", "5d": how long ago, as kubectl prints ages. */
    static String age(String since) {
        if (since == null) {
            return "-";
        }
        Duration d = Duration.between(Instant.parse(since), Instant.now());
        if (d.toDays() > 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m";
        }
        return Math.max(0, d.toSeconds()) + "s";
    }
}
