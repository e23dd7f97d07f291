package tokyo.seisei.operator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.bench.BenchResults.Verdict;
import tokyo.seisei.operator.engine.PassResult;
import tokyo.seisei.operator.it.Lab;
import tokyo.seisei.operator.it.LabExtension;
import tokyo.seisei.operator.it.OperatorUnderTest;
import tokyo.seisei.operator.it.StackFixtures;
import tokyo.seisei.operator.model.Phase;

/**
 * {@code make bench}: many stacks, each with a network of its own, converge on one engine, where the engine's own
 * address pools end at about 30 networks. {@code -Dbench.stacks=N} (default 300) sets how many. Prints durations;
 * asserts only that every stack converged, each on a subnet of its own.
 */
class NetworkPoolBench {

    static final int STACKS = Integer.getInteger("bench.stacks", 300);
    /** Docker's default address pools: 15 /16 networks from 172.17 to 172.31, and 16 /20 networks in 192.168/16. */
    static final int DEFAULT_POOL_NETWORKS = 31;

    @RegisterExtension
    final LabExtension lab = new LabExtension();

    @Test
    void manyStacksEachOnANetworkOfItsOwn() {
        OperatorUnderTest operator = lab.operator();
        List<String> stacks = new ArrayList<>();
        for (int i = 0; i < STACKS; i++) {
            String stack = lab.stack("pool" + i);
            stacks.add(stack);
            int port = Lab.freePort();
            // no published port: hundreds of free ports asked for at once are not all distinct
            operator.write(stack, StackFixtures.app(stack, "sha-1a2b3c4", port)
                    .replace("      ports: [\"127.0.0.1:" + port + ":8080\"]\n", ""));
        }

        long started = System.nanoTime();
        PassResult first = operator.reconcile();
        double firstPass = (System.nanoTime() - started) / 1e9;
        assertTrue(first.phases().values().stream().allMatch(p -> p == Phase.Ready), "the stacks converge: " + first.phases());

        Set<String> subnets = new HashSet<>();
        for (String stack : stacks) {
            subnets.add(Lab.docker("network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}}{{end}}",
                    stack + "_default"));
        }
        assertEquals(STACKS, subnets.size(), "each stack's network has a subnet of its own");

        long t = System.nanoTime();
        operator.reconcile();
        double noOp = (System.nanoTime() - t) / 1e6;
        System.out.printf("%nbench: %d stacks, each on its own network, converged in one pass: %.1f s (%d subnets)%n",
                STACKS, firstPass, subnets.size());
        System.out.printf("bench: the next pass over them, nothing to change: %.1f ms%n", noOp);
        BenchResults.record(Measure.STACKS, "%d converged in one pass (%.0f s), each on a subnet of its own; %s"
                .formatted(STACKS, firstPass, composeLimit()), Verdict.of(STACKS >= 300));
    }

    /**
     * Where Compose stops: each project's default network takes a subnet of the engine's default address pools, and
     * Docker's defaults (172.17.0.0/16 to 172.31.0.0/16, and 192.168.0.0/16 in /20s) hold 31. Counted from those
     * pools and the networks on them now, not by filling them: the engine is shared, and a full pool fails
     * whatever else creates a network meanwhile.
     */
    private static String composeLimit() {
        if (Files.exists(Path.of("/etc/docker/daemon.json"))
                && Lab.run(List.of("grep", "-q", "default-address-pools", "/etc/docker/daemon.json")).exitCode() == 0) {
            return "Compose: the engine has pools of its own (daemon.json), not counted";
        }
        int taken = 0;
        for (String id : Lab.docker("network", "ls", "-q").lines().toList()) {
            String subnets = Lab.docker("network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}} {{end}}", id);
            if (subnets.matches("(?s).*\\b(172\\.(1[7-9]|2\\d|3[01])\\.|192\\.168\\.).*")) {
                taken++;
            }
        }
        return "Compose: %d networks on Docker's default pools, %d of them free before this run's networks"
                .formatted(DEFAULT_POOL_NETWORKS, Math.max(0, DEFAULT_POOL_NETWORKS - taken));
    }
}
