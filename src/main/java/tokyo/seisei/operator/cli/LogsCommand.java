package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.engine.plan.KeptContainers;
import tokyo.seisei.operator.model.StackName;
import tokyo.seisei.operator.store.FailedLogs;
import tokyo.seisei.operator.store.StateLayout;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Prints the end of the logs of a stack's containers (kept previous ones left out).",
        footer = {"", "Exit codes: 0 printed (with -f: until the containers stop or go, or Ctrl-C), 1 the engine cannot be"
                + " reached, 2 unknown stack or service, or no saved logs (--failed)."})
public class LogsCommand implements Callable<Integer> {

    static final int DEFAULT_TAIL = 100;

    @Parameters(index = "0", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Parameters(index = "1", paramLabel = "SERVICE", arity = "0..1", description = "One service (default: all).")
    String service;

    @Option(names = {"-n", "--tail"}, paramLabel = "N",
            description = "Lines per container (default 100; with --failed, every saved line).")
    Integer tail;

    @Option(names = "--failed", description = "The logs the containers of the stack's last failed version wrote before"
            + " the rollback stopped them, as saved in <state-dir>/failed/; needs no engine.")
    boolean failed;

    @Option(names = {"-f", "--follow"}, description = "Then each line as the containers write it, as docker logs -f does,"
            + " after its service's name when there are several; until they stop or go (a container replaced by a deploy"
            + " is said so, on stderr), or Ctrl-C.")
    boolean follow;

    @Inject
    Instance<DockerEngine> docker;

    @Inject
    StateLayout layout;

    @Inject
    StateDirNote stateDir;

    @Override
    public Integer call() throws InterruptedException {
        if (failed && follow) {
            throw Refusal.usage("--failed and --follow do not go together: the saved logs of a failed version do not grow");
        }
        if (failed) {
            return printFailed();
        }
        List<ContainerSummary> containers = docker.get().listStackContainers(stack).stream()
                .filter(c -> !KeptContainers.isKept(c))
                .filter(c -> service == null || service.equals(ContainerLabels.serviceOf(c)))
                .toList();
        if (containers.isEmpty()) {
            throw Refusal.usage("no container of " + stack + (service == null ? "" : " service " + service)
                    + "; stackctl status lists the stacks and their services");
        }
        if (follow) {
            new FollowedLogs(docker.get(), stack, System.out, System.err).follow(containers, tail == null ? DEFAULT_TAIL : tail);
            return ExitCodes.OK;
        }
        for (ContainerSummary container : containers) {
            if (containers.size() > 1) {
                System.out.println("==> " + container.name() + " <==");
            }
            System.out.print(docker.get().logs(container.id(), tail == null ? DEFAULT_TAIL : tail));
        }
        return ExitCodes.OK;
    }

    /** The saved logs of the last failed version, by service, each under its name when there are several. */
    private Integer printFailed() {
        StackName.problem(stack).ifPresent(problem -> {
            throw Refusal.usage(problem);
        });
        stateDir.name();
        Map<String, String> saved = new FailedLogs(layout).read(stack);
        if (saved.isEmpty()) {
            stateDir.noRecords();
        }
        List<Map.Entry<String, String>> shown = saved.entrySet().stream()
                .filter(e -> service == null || service.equals(e.getKey())).toList();
        if (shown.isEmpty()) {
            throw Refusal.usage("no saved log of a failed version of " + stack + (service == null ? "" : " service " + service)
                    + (saved.isEmpty() ? "; they are saved when a failed version is rolled back"
                    : "; saved: " + String.join(", ", saved.keySet())));
        }
        for (Map.Entry<String, String> log : shown) {
            if (shown.size() > 1) {
                System.out.println("==> " + log.getKey() + " <==");
            }
            System.out.print(lastLines(log.getValue()));
        }
        return ExitCodes.OK;
    }

    private String lastLines(String log) {
        if (tail == null) {
            return log;
        }
        List<String> lines = log.lines().toList();
        List<String> kept = lines.subList(Math.max(0, lines.size() - Math.max(0, tail)), lines.size());
        return kept.isEmpty() ? "" : String.join("\n", kept) + "\n";
    }
}
