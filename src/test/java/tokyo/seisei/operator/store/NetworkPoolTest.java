package tokyo.seisei.operator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.model.Ipv4Subnet;

/** The subnets of the networks the operator creates: stable per stack and network, never overlapping, freed last. */
class NetworkPoolTest {

    static final Supplier<Collection<String>> NOTHING_ON_THE_ENGINE = List::of;

    @TempDir
    Path state;

    NetworkPool pool() {
        return new NetworkPool(new StateLayout(state), NetworkPool.DEFAULT_POOL);
    }

    NetworkPool pool(String cidr) {
        return new NetworkPool(new StateLayout(state), Ipv4Subnet.parse(cidr).orElseThrow());
    }

    @Test
    void aNetworkKeepsItsSubnetAcrossCallsAndRestarts() throws IOException {
        Ipv4Subnet first = pool().subnetFor("shop", "shop_default", NOTHING_ON_THE_ENGINE);
        assertEquals("10.240.0.0/26", first.toString(), "the pool's first /26");

        assertEquals(first, pool().subnetFor("shop", "shop_default", () -> {
            throw new AssertionError("a recorded network needs no look at the engine");
        }), "a new operator on the same state dir reads it back");
        assertEquals(Map.of("shop", Map.of("shop_default", "10.240.0.0/26")), pool().allocations());
        String file = Files.readString(state.resolve("network-pool.json"));
        assertTrue(file.contains("\"allocations\"") && file.contains("\"shop_default\" : \"10.240.0.0/26\""), file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("network-pool.json"))));
    }

    @Test
    void subnetsNeverOverlapAndStayInThePool() {
        NetworkPool pool = pool();
        List<Ipv4Subnet> given = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            given.add(pool.subnetFor("stack" + i, "stack" + i + "_default", NOTHING_ON_THE_ENGINE));
            given.add(pool.subnetFor("stack" + i, "stack" + i + "_backend", NOTHING_ON_THE_ENGINE));
        }
        for (int i = 0; i < given.size(); i++) {
            assertEquals(NetworkPool.BLOCK_PREFIX, given.get(i).prefix());
            assertTrue(NetworkPool.DEFAULT_POOL.contains(given.get(i)), given.get(i) + " is in the pool");
            for (int j = 0; j < i; j++) {
                assertFalse(given.get(i).overlaps(given.get(j)), given.get(i) + " overlaps " + given.get(j));
            }
        }
        assertEquals(given.get(2), pool().subnetFor("stack1", "stack1_default", NOTHING_ON_THE_ENGINE));
    }

    @Test
    void subnetsTheEngineAlreadyUsesAreSkipped() {
        Ipv4Subnet subnet = pool().subnetFor("shop", "shop_default", () -> List.of("172.17.0.0/16", "10.240.0.0/25",
                "fd00::/64"));
        assertEquals("10.240.0.128/26", subnet.toString(), "past a foreign network's /25; IPv6 cannot overlap");
    }

    @Test
    void aRefusedSubnetIsReplacedByTheNextFreeOne() {
        NetworkPool pool = pool();
        Ipv4Subnet first = pool.subnetFor("shop", "shop_default", NOTHING_ON_THE_ENGINE);
        Ipv4Subnet other = pool.replace("shop", "shop_default", first, List.of("10.240.0.0/26"));
        assertEquals("10.240.0.64/26", other.toString());
        assertEquals(other, pool().subnetFor("shop", "shop_default", NOTHING_ON_THE_ENGINE), "the new one is recorded");
    }

    @Test
    void anExhaustedPoolSaysSoNamingThePool() {
        NetworkPool pool = pool("10.250.0.0/24");
        for (int i = 0; i < 4; i++) {
            pool.subnetFor("s" + i, "s" + i + "_default", NOTHING_ON_THE_ENGINE);
        }
        NetworkPool.Exhausted e = assertThrows(NetworkPool.Exhausted.class,
                () -> pool.subnetFor("shop", "shop_default", NOTHING_ON_THE_ENGINE));
        assertEquals("operator.network.pool 10.250.0.0/24 has no free /26 left for network shop_default of stack shop"
                + " (4 blocks, 4 given to networks of stacks, the others overlap networks on the engine): remove stacks that"
                + " are gone and their networks, or set a larger operator.network.pool", e.getMessage());
        assertFalse(pool.allocations().containsKey("shop"), "nothing recorded for it");
    }

    @Test
    void theShortageIsToldBeforeAnythingIsRecorded() {
        NetworkPool pool = pool("10.250.0.0/25");
        assertEquals(List.of(), pool.shortage("shop", List.of("shop_default", "shop_backend"), NOTHING_ON_THE_ENGINE)
                .stream().toList(), "two blocks free for two networks");
        pool.subnetFor("other", "other_default", NOTHING_ON_THE_ENGINE);
        String why = pool.shortage("shop", List.of("shop_default", "shop_backend"), NOTHING_ON_THE_ENGINE).orElseThrow();
        assertTrue(why.startsWith("operator.network.pool 10.250.0.0/25 has no free /26 left for network shop_backend"), why);
        assertEquals(Set.of("other"), pool.allocations().keySet());
        pool.subnetFor("shop", "shop_default", NOTHING_ON_THE_ENGINE);
        assertTrue(pool.shortage("shop", List.of("shop_default"), NOTHING_ON_THE_ENGINE).isEmpty(), "it has its subnet");
    }

    @Test
    void aStackGivesItsSubnetsBackOnlyOnceItsFileAndItsNetworksAreGone() {
        NetworkPool pool = pool();
        Ipv4Subnet shop = pool.subnetFor("shop", "shop_default", NOTHING_ON_THE_ENGINE);
        pool.subnetFor("blog", "blog_default", NOTHING_ON_THE_ENGINE);

        assertEquals(List.of(), pool.releaseGone(() -> Set.of("shop", "blog"), () -> {
            throw new AssertionError("no stack is gone: no look at the engine");
        }));
        assertEquals(List.of(), pool.releaseGone(() -> Set.of("blog"), () -> Set.of("shop_default", "blog_default")),
                "shop's file is gone, its network is not");
        assertEquals(List.of("shop"), pool.releaseGone(() -> Set.of("blog"), () -> Set.of("blog_default")));

        assertEquals(Set.of("blog"), pool().allocations().keySet());
        assertEquals(shop, pool.subnetFor("wiki", "wiki_default", NOTHING_ON_THE_ENGINE), "its block is free again");
    }

    @Test
    void twoOperatorsOnOneStateDirNeverGiveOneSubnetTwice() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Ipv4Subnet>> given = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String stack = "s" + i;
                NetworkPool pool = pool(); // each its own object, as a daemon and a stackctl beside it have
                given.add(threads.submit(() -> pool.subnetFor(stack, stack + "_default", NOTHING_ON_THE_ENGINE)));
            }
            Set<Ipv4Subnet> distinct = new java.util.HashSet<>();
            for (Future<Ipv4Subnet> subnet : given) {
                distinct.add(subnet.get());
            }
            assertEquals(40, distinct.size());
            assertEquals(40, pool().allocations().size());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFileThatCannotBeReadIsReportedNotTakenAsEmpty() throws IOException {
        Files.writeString(state.resolve("network-pool.json"), "{not json");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> pool().subnetFor("shop", "shop_default", NOTHING_ON_THE_ENGINE));
        assertTrue(e.getMessage().startsWith("cannot read the network subnets " + state.resolve("network-pool.json")),
                e.getMessage());
    }

    @Test
    void aPoolSmallerThanOneBlockIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool("10.240.0.0/27"));
        assertEquals("operator.network.pool 10.240.0.0/27 is smaller than one /26", e.getMessage());
        assertNotEquals(null, pool("10.240.0.0/26").pool());
    }
}
