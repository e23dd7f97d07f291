package tokyo.seisei.operator.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tokyo.seisei.operator.model.Ipv4Subnet;
import tokyo.seisei.operator.model.NetworkDeclaration;
import tokyo.seisei.operator.model.Printable;
import tokyo.seisei.operator.model.StackSpec;

/** The rules of a network's {@code ipam}: IPv4 subnets, each range and gateway inside its subnet, no two overlapping. */
final class NetworkRules {

    static final String SUBNET_EXAMPLE = "an IPv4 network such as 172.28.0.0/24";

    private final ProblemSink sink;

    NetworkRules(ProblemSink sink) {
        this.sink = sink;
    }

    void validate(StackSpec spec) {
        List<Declared> declared = new ArrayList<>();
        spec.networks().forEach((key, network) -> {
            if (network == null || network.ipam() == null) {
                return;
            }
            String at = "spec.networks." + key + ".ipam";
            if (network.isExternal()) {
                sink.error(at, at + " cannot be set on an external network: the operator does not create it");
                return;
            }
            List<NetworkDeclaration.Pool> pools = network.ipam().config();
            if (pools.isEmpty()) {
                sink.error(at, at + ".config must list at least one subnet, e.g. [{subnet: 172.28.0.0/24}]");
            }
            for (int i = 0; i < pools.size(); i++) {
                validatePool(at + ".config[" + i + "]", pools.get(i)).ifPresent(s -> declared.add(new Declared(key, s)));
            }
        });
        for (int i = 0; i < declared.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (declared.get(i).subnet().overlaps(declared.get(j).subnet())) {
                    sink.error("spec.networks." + declared.get(i).key() + ".ipam", "spec.networks." + declared.get(i).key()
                            + ".ipam: subnet " + declared.get(i).subnet() + " overlaps " + declared.get(j).subnet()
                            + " of network " + declared.get(j).key());
                }
            }
        }
    }

    private Optional<Ipv4Subnet> validatePool(String at, NetworkDeclaration.Pool pool) {
        if (pool == null || pool.subnet() == null) {
            sink.error(at, at + ".subnet is required: " + SUBNET_EXAMPLE);
            return Optional.empty();
        }
        Optional<Ipv4Subnet> subnet = Ipv4Subnet.parse(pool.subnet());
        if (subnet.isEmpty()) {
            sink.error(at + ".subnet", at + ".subnet '" + Printable.excerpt(pool.subnet()) + "' is not " + SUBNET_EXAMPLE
                    + " (the address with its host bits clear)");
            return Optional.empty();
        }
        if (pool.ipRange() != null && Ipv4Subnet.parse(pool.ipRange()).filter(r -> subnet.get().contains(r)).isEmpty()) {
            sink.error(at + ".ip_range", at + ".ip_range '" + Printable.excerpt(pool.ipRange())
                    + "' must be an IPv4 network inside the subnet " + subnet.get());
        }
        if (pool.gateway() != null && Ipv4Subnet.address(pool.gateway()).filter(a -> subnet.get().contains(a)).isEmpty()) {
            sink.error(at + ".gateway", at + ".gateway '" + Printable.excerpt(pool.gateway())
                    + "' must be an IPv4 address inside the subnet " + subnet.get());
        }
        return subnet;
    }

    private record Declared(String key, Ipv4Subnet subnet) {
    }
}
