package tokyo.seisei.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Ipv4SubnetTest {

    static Ipv4Subnet subnet(String text) {
        return Ipv4Subnet.parse(text).orElseThrow(() -> new AssertionError(text + " should parse"));
    }

    @Test
    void aNetworkIsItsAddressWithTheHostBitsClearAndAPrefix() {
        assertEquals("10.240.0.0/16", subnet("10.240.0.0/16").toString());
        assertEquals("0.0.0.0/0", subnet("0.0.0.0/0").toString());
        assertEquals("172.28.5.7/32", subnet("172.28.5.7/32").toString());
        for (String bad : new String[] {"10.240.0.1/16", "10.240.0.0", "10.240.0.0/33", "256.0.0.0/8", "10.240.0/16",
                "010.240.0.0/16", "fd00::/64", "edge", "", " /16"}) {
            assertTrue(Ipv4Subnet.parse(bad).isEmpty(), bad);
        }
        assertTrue(Ipv4Subnet.parse(null).isEmpty());
    }

    @Test
    void blocksCutThePoolInOrder() {
        Ipv4Subnet pool = subnet("10.240.0.0/16");
        assertEquals(1024, pool.blocks(26));
        assertEquals("10.240.0.0/26", pool.block(0, 26).toString());
        assertEquals("10.240.0.64/26", pool.block(1, 26).toString());
        assertEquals("10.240.255.192/26", pool.block(1023, 26).toString());
        assertEquals(0, pool.blocks(8));
    }

    @Test
    void overlapAndContainment() {
        assertTrue(subnet("10.240.0.0/16").overlaps(subnet("10.240.3.0/24")));
        assertTrue(subnet("10.240.3.0/24").overlaps(subnet("10.240.0.0/16")));
        assertFalse(subnet("10.240.0.0/26").overlaps(subnet("10.240.0.64/26")));
        assertTrue(subnet("10.240.0.0/16").contains(subnet("10.240.3.0/24")));
        assertFalse(subnet("10.240.3.0/24").contains(subnet("10.240.0.0/16")));
        assertTrue(subnet("172.28.0.0/24").contains(Ipv4Subnet.address("172.28.0.254").orElseThrow()));
        assertFalse(subnet("172.28.0.0/24").contains(Ipv4Subnet.address("172.28.1.1").orElseThrow()));
        assertTrue(Ipv4Subnet.address("172.28.1.300").isEmpty());
    }
}
