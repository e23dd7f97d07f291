package tokyo.seisei.operator.docker;

import java.util.List;

/**
 * The addresses of a network the operator creates (Network.Ipam): the IPAM driver, or null for the engine's
 * default, and the subnets. A network created with a subnet takes none of the engine's default address pools.
 */
public record NetworkIpam(String driver, List<Pool> pools) {

    /** @param ipRange where containers take their addresses from, or null for the whole subnet
     *  @param gateway the network's gateway, or null for the engine's choice (the subnet's first address) */
    public record Pool(String subnet, String ipRange, String gateway) {
    }

    /** One subnet, everything else left to the engine. */
    public static NetworkIpam subnet(String subnet) {
        return new NetworkIpam(null, List.of(new Pool(subnet, null, null)));
    }
}
