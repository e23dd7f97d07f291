package tokyo.seisei.operator.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.it.Lab;
import tokyo.seisei.operator.it.LabExtension;
import tokyo.seisei.operator.it.OperatorUnderTest;
import tokyo.seisei.operator.it.StackFixtures;
import tokyo.seisei.operator.source.DesiredStateLoader;

/**
 * {@code make bench}: what a pass costs. Prints durations and counts; asserts nothing about speed (numbers
 * on a shared machine are for reading, not for failing a build).
 */
class NoOpPassBench {

    static final int STACKS = 12;
    static final int PASSES = 30;
    static final int FILES = 300;

    @RegisterExtension
    final LabExtension lab = new LabExtension();

    @Test
    void noOpPassOverManyStacks() throws IOException {
        OperatorUnderTest operator = lab.operator();
        for (int i = 0; i < STACKS; i++) {
            String stack = lab.stack("bench" + i);
            operator.write(stack, StackFixtures.app(stack, "sha-1a2b3c4", Lab.freePort()));
        }
        long started = System.nanoTime();
        assertTrue(operator.reconcile().allSettled(), "the stacks converge");
        double firstPass = (System.nanoTime() - started) / 1e9;

        double[] millis = new double[PASSES];
        long requestsBefore = operator.docker.requestCount();
        for (int i = 0; i < PASSES; i++) {
            long t = System.nanoTime();
            operator.reconcile();
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        double requestsPerPass = (operator.docker.requestCount() - requestsBefore) / (double) PASSES;
        Arrays.sort(millis);
        Runtime runtime = Runtime.getRuntime();
        System.out.printf("%nbench: first pass converging %d stacks: %.1f s%n", STACKS, firstPass);
        System.out.printf("bench: no-op pass over %d stacks: median %.1f ms, p95 %.1f ms, max %.1f ms (%d passes)%n",
                STACKS, millis[PASSES / 2], millis[(int) (PASSES * 0.95)], millis[PASSES - 1], PASSES);
        System.out.printf("bench: Docker API requests per no-op pass: %.1f%n", requestsPerPass);
        System.out.printf("bench: heap in use after the passes: %d MiB%n",
                (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024));
    }

    @Test
    void validateManyFiles() throws IOException {
        Path dir = Files.createDirectories(lab.root().resolve("many"));
        for (int i = 0; i < FILES; i++) {
            String stack = "stack-" + i;
            Files.writeString(dir.resolve(stack + ".yaml"), StackFixtures.app(stack, "sha-1a2b3c4", 20000 + i));
        }
        DesiredStateLoader loader = new DesiredStateLoader(Map.of());
        loader.loadDirectory(dir); // warm up
        long t = System.nanoTime();
        int valid = (int) loader.loadDirectory(dir).stream().filter(s -> s.valid()).count();
        System.out.printf("bench: loading and validating %d stack files: %.1f ms (%d valid)%n", FILES,
                (System.nanoTime() - t) / 1e6, valid);
        assertTrue(valid == FILES, "every file is valid");
    }
}
