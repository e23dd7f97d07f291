package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.model.Ipv4Subnet;

/**
 * The networks the operator creates take their subnets from operator.network.pool, not from the engine's own pools,
 * keep them across restarts of the operator, and a declared ipam is honoured.
 */
class NetworkPoolIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    /** A pool of this run's own (4 blocks of /26), so that no other operator on this engine hands out the same subnets. */
    final String pool = "10.241." + ThreadLocalRandom.current().nextInt(256) + ".0/24";
    final Stackctl stackctl = lab.stackctl().with("OPERATOR_NETWORK_POOL", pool);

    static String subnetOf(String network) {
        return Lab.docker("network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}} {{end}}", network).strip();
    }

    /** The app stack with its web service also on a network of its own, declared with the lines given. */
    static String withOwnNetwork(String yaml, String key, String declaration) {
        return yaml.replace("      restart: unless-stopped\n", "      restart: unless-stopped\n      networks: [" + key
                + ", default]\n") + "  networks:\n    " + key + ":" + declaration + "\n";
    }

    @Test
    void stacksTakeSubnetsOfThePoolKeepThemAcrossARestartAndADeclaredIpamIsHonoured() throws IOException {
        String plain = lab.stack("np");
        String backed = lab.stack("npb");
        String fixed = lab.stack("npf");
        int plainPort = Lab.freePort();
        int backedPort = Lab.freePort();
        int fixedPort = Lab.freePort();
        String declared = "10.242." + ThreadLocalRandom.current().nextInt(256) + ".0/28";
        lab.write(plain, StackFixtures.app(plain, "sha-1a2b3c4", plainPort));
        lab.write(backed, withOwnNetwork(StackFixtures.app(backed, "sha-1a2b3c4", backedPort), "backend", " {}"));
        lab.write(fixed, withOwnNetwork(StackFixtures.app(fixed, "sha-1a2b3c4", fixedPort), "fixed",
                "\n      ipam:\n        config: [{subnet: " + declared + "}]"));

        Lab.Result converged = stackctl.run("reconcile", plain, backed, fixed);
        assertEquals(0, converged.exitCode(), converged.output() + converged.errors());

        for (int port : new int[] {plainPort, backedPort, fixedPort}) {
            assertEquals("200 sha-1a2b3c4", Lab.get(port, "/version"), "the app answers on its networks");
        }
        List<String> fromPool = new ArrayList<>();
        for (String network : List.of(plain + "_default", backed + "_default", backed + "_backend", fixed + "_default")) {
            String subnet = subnetOf(network);
            Ipv4Subnet parsed = Ipv4Subnet.parse(subnet).orElseThrow(() -> new AssertionError(network + ": " + subnet));
            assertTrue(Ipv4Subnet.parse(pool).orElseThrow().contains(parsed) && parsed.prefix() == 26,
                    network + " has " + subnet + ", a /26 of " + pool);
            assertFalse(fromPool.contains(subnet), subnet + " is given once");
            fromPool.add(subnet);
        }
        assertEquals(declared, subnetOf(fixed + "_fixed"), "the declared ipam");
        String records = Files.readString(lab.stateDir().resolve("network-pool.json"));
        assertTrue(records.contains("\"" + plain + "_default\" : \"" + fromPool.get(0) + "\""), records);
        assertFalse(records.contains(fixed + "_fixed"), records);

        // its container and network gone, the next operator to start makes them again, on the same subnet
        Lab.cleanUp(plain);
        Lab.Result again = stackctl.run("reconcile", plain);
        assertEquals(0, again.exitCode(), again.output() + again.errors());
        assertEquals(fromPool.get(0), subnetOf(plain + "_default"));
        assertEquals("200 sha-1a2b3c4", Lab.get(plainPort, "/version"));
    }
}
