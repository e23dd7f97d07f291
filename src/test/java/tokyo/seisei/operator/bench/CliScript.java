package tokyo.seisei.operator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import tokyo.seisei.operator.it.Lab;
import tokyo.seisei.operator.it.LabExtension;

/**
 * The docker CLI script the benches set beside the operator: stacks of its own, made and changed with plain
 * {@code docker} commands, 4 at a time like the operator's max-concurrent, and removed when it is closed.
 */
final class CliScript implements AutoCloseable {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final List<String> stacks = new ArrayList<>();

    /** @param prefix each stack's name begins with it and its index */
    CliScript(LabExtension lab, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            stacks.add(lab.stack(prefix + i));
        }
    }

    interface StackStep {
        void run(int index, String stack) throws Exception;
    }

    /** The step for every stack of the script's, 4 at a time; returns once all are done. */
    void everyStack(StackStep step) throws Exception {
        List<Future<?>> steps = new ArrayList<>();
        for (int i = 0; i < stacks.size(); i++) {
            int index = i;
            steps.add(pool.submit(() -> {
                step.run(index, stacks.get(index));
                return null;
            }));
        }
        for (Future<?> done : steps) {
            done.get(10, TimeUnit.MINUTES);
        }
    }

    /**
     * A stack as Compose makes one: its network, with a subnet of its own (the index-th /26 of the /16 given, such as
     * "10.251"; Docker's default pools hold about 30), then the lab app's container of that version on it.
     */
    static void makeStack(String stack, String network16, int index, String version) {
        Lab.docker("network", "create", "--subnet", network16 + "." + index / 4 + "." + index % 4 * 64 + "/26",
                "--label", "com.docker.compose.project=" + stack, stack + "_default");
        run(stack, version);
    }

    /** {@code docker run} of the lab app's container of that version on the stack's network. */
    static void run(String stack, String version) {
        Lab.docker("run", "-d", "--name", stack + "-web", "--network", stack + "_default",
                "--label", "com.docker.compose.project=" + stack, "--restart", "unless-stopped",
                "-e", "GREETING=hello", Lab.APP + ":" + version);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        Lab.cleanUp(stacks.toArray(String[]::new));
    }
}
