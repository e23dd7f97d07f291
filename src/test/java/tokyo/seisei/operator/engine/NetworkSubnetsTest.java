package tokyo.seisei.operator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.engine.StackYaml.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Ipv4Subnet;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.store.NetworkPool;
import tokyo.seisei.operator.store.StateLayout;

/** The networks a stack's deploy creates take their subnets from operator.network.pool, or from their own ipam. */
@Timeout(30)
class NetworkSubnetsTest {

    @TempDir
    Path root;

    static Ipv4Subnet subnet(String text) {
        return Ipv4Subnet.parse(text).orElseThrow();
    }

    Map<String, Map<String, String>> recorded(TestOperator op) {
        return new NetworkPool(new StateLayout(op.stateDir), NetworkPool.DEFAULT_POOL).allocations();
    }

    @Test
    void eachNetworkOfEachStackGetsASubnetOfItsOwnFromThePool() {
        TestOperator op = new TestOperator(root).write(stack("shop")).write(stack("blog").ownNetwork("backend"));

        op.pass();

        List<String> subnets = List.of(op.docker.subnetsOf("shop_default").get(0), op.docker.subnetsOf("blog_default").get(0),
                op.docker.subnetsOf("blog_backend").get(0));
        assertEquals(3, Set.copyOf(subnets).size(), subnets.toString());
        subnets.forEach(s -> assertTrue(NetworkPool.DEFAULT_POOL.contains(subnet(s)) && subnet(s).prefix() == 26, s));
        assertEquals(Map.of("shop_default", subnets.get(0)), recorded(op).get("shop"));
        assertEquals(Map.of("blog_default", subnets.get(1), "blog_backend", subnets.get(2)), recorded(op).get("blog"));
    }

    @Test
    void aDeclaredIpamIsHonouredAndTakesNothingFromThePool() {
        TestOperator op = new TestOperator(root).write(stack("blog").ownNetwork("backend", "ipam:",
                "  config: [{subnet: 172.28.0.0/24, gateway: 172.28.0.1}]"));

        assertEquals(Phase.Ready, op.pass("blog"));

        assertEquals(List.of("172.28.0.0/24"), op.docker.subnetsOf("blog_backend"));
        assertEquals(Map.of("blog_default", "10.240.0.0/26"), recorded(op).get("blog"));
    }

    @Test
    void aNetworkMadeAgainGetsItsSubnetBack() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.pass();
        List<String> first = op.docker.subnetsOf("shop_default");

        op.docker.removeNetwork("shop_default");
        op.write(stack("shop").version("v2"));
        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"));

        assertEquals(first, op.docker.subnetsOf("shop_default"));
    }

    @Test
    void subnetsOfNetworksMadeOutsideTheOperatorAreLeftAlone() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.docker.network("lab", "10.240.0.0/26");
        op.pass();
        assertEquals(List.of("10.240.0.64/26"), op.docker.subnetsOf("shop_default"));

        // its network gone, its subnet taken by another one meanwhile: the engine refuses it, the next free one is taken
        op.docker.removeNetwork("shop_default");
        op.docker.network("intruder", "10.240.0.64/26");
        op.write(stack("shop").version("v2"));
        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"));
        assertEquals(List.of("10.240.0.128/26"), op.docker.subnetsOf("shop_default"));
        assertEquals(Map.of("shop_default", "10.240.0.128/26"), recorded(op).get("shop"));
    }

    @Test
    void anExhaustedPoolBlocksTheStackBeforeAnythingIsTouchedUntilABlockIsFree() {
        TestOperator op = new TestOperator(root).write(stack("shop"));
        op.docker.network("everything", "10.240.0.0/16");

        assertEquals(Phase.Blocked, op.pass("shop"));

        assertEquals("NetworkPoolExhausted: operator.network.pool 10.240.0.0/16 has no free /26 left for network"
                + " shop_default of stack shop (1024 blocks, 0 given to networks of stacks, the others overlap networks on"
                + " the engine): remove stacks that are gone and their networks, or set a larger operator.network.pool",
                op.status("shop").message());
        assertEquals("True PreflightFailed", op.condition("shop", "Stalled"));
        assertEquals(List.of(), op.docker.names("shop"));
        assertFalse(op.docker.hasNetwork("shop_default"));

        op.docker.removeNetwork("everything");
        assertEquals(Phase.Ready, op.passAfter(Duration.ofMinutes(1), "shop"));
    }

    @Test
    void aStackGivesItsSubnetsBackOnlyOnceItsFileAndItsNetworksAreGone() {
        TestOperator op = new TestOperator(root).write(stack("shop")).write(stack("blog"));
        op.pass();

        op.delete("shop.yaml");
        op.passAfter(Duration.ofMinutes(1), "blog");
        assertTrue(recorded(op).containsKey("shop"), "its network is still there");

        op.docker.removeNetwork("shop_default");
        op.passAfter(Duration.ofMinutes(1), "blog");
        assertEquals(Set.of("blog"), recorded(op).keySet());
    }
}
