package tokyo.seisei.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A top-level network. External networks are used by their {@code name} (default: the key); others are
 * created as {@code <stack>_<key>}, on the subnet {@code ipam} gives, or else on one of the operator's pool.
 */
public record NetworkDeclaration(Boolean external, String name, String driver, Ipam ipam) {

    public boolean isExternal() {
        return Boolean.TRUE.equals(external);
    }

    /** Compose's {@code ipam}: the engine's IPAM driver (its default when absent) and the subnets to use. */
    public record Ipam(String driver, List<Pool> config) {

        public List<Pool> config() {
            return config == null ? List.of() : config;
        }
    }

    /** One subnet of a network, with the range containers take their addresses from and the gateway, both optional. */
    public record Pool(String subnet, @JsonProperty("ip_range") String ipRange, String gateway) {
    }
}
