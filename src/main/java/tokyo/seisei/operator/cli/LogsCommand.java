package tokyo.seisei.operator.cli;

import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.engine.plan.KeptContainers;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Prints the end of the logs of a stack's containers (kept previous ones left out).",
        footer = {"", "Exit codes: 0 printed, 1 the engine cannot be reached, 2 unknown stack or service."})
public class LogsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Parameters(index = "1", paramLabel = "SERVICE", arity = "0..1", description = "One service (default: all).")
    String service;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", defaultValue = "100", description = "Lines per container (default 100).")
    int tail;

    @Inject
    DockerEngine docker;

    @Override
    public Integer call() {
        List<ContainerSummary> containers = docker.listStackContainers(stack).stream()
                .filter(c -> !KeptContainers.isKept(c))
                .filter(c -> service == null || service.equals(ContainerLabels.serviceOf(c)))
                .toList();
        if (containers.isEmpty()) {
            throw Refusal.usage("no container of " + stack + (service == null ? "" : " service " + service)
                    + "; stackctl status lists the stacks and their services");
        }
        for (ContainerSummary container : containers) {
            if (containers.size() > 1) {
                System.out.println("==> " + container.name() + " <==");
            }
            System.out.print(docker.logs(container.id(), tail));
        }
        return ExitCodes.OK;
    }
}
