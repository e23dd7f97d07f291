package tokyo.seisei.operator.cli;

import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.store.HistoryLog;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Prints deploy-history.log, filtered like the runbook's grep recipes.",
        footer = {"", "Exit codes: 0 printed (possibly nothing)."})
public class HistoryCommand implements Callable<Integer> {

    @Parameters(paramLabel = "STACK", arity = "0..1", description = "One stack (default: all).")
    String stack;

    @Option(names = "-n", paramLabel = "N", description = "Only the last N lines.")
    Integer last;

    @Option(names = "--failed", description = "Only failures (status fail).")
    boolean failed;

    @Option(names = "--forced", description = "Only forced deploys (notes beginning FORCED), for the weekly audit.")
    boolean forced;

    @Inject
    HistoryLog history;

    @Inject
    StateDirNote stateDir;

    @Override
    public Integer call() {
        stateDir.name();
        List<HistoryLog.Entry> all = history.read();
        if (all.isEmpty()) {
            stateDir.noRecords();
        }
        List<HistoryLog.Entry> lines = all.stream()
                .filter(e -> stack == null || stack.equals(e.stack()))
                .filter(e -> !failed || HistoryLog.FAIL.equals(e.status()))
                .filter(e -> !forced || e.forced())
                .toList();
        int from = last == null ? 0 : Math.max(0, lines.size() - last);
        lines.subList(from, lines.size()).forEach(e -> System.out.println(e.line()));
        return ExitCodes.OK;
    }
}
