package tokyo.seisei.operator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.Fixtures;
import tokyo.seisei.operator.model.NetworkDeclaration;

/** A network's declared ipam, as Compose writes it: IPv4 subnets, with a range and a gateway inside each. */
class NetworkIpamTest {

    @TempDir
    Path dir;

    LoadedStack load(String yaml) throws IOException {
        return new DesiredStateLoader(Map.of()).load(Files.writeString(dir.resolve("shop.yaml"), yaml));
    }

    /** The shop stack with a network backend declared as given (the lines under "backend:"). */
    String withBackend(String declaration) {
        return Fixtures.SHOP.replace("    edge: {external: true}\n", "    edge: {external: true}\n    backend:\n" + declaration);
    }

    List<String> errors(String yaml) throws IOException {
        return load(yaml).errors().stream().map(Object::toString).toList();
    }

    @Test
    void aDeclaredIpamIsRead() throws IOException {
        LoadedStack stack = load(withBackend("""
                      ipam:
                        driver: default
                        config:
                          - subnet: 172.28.0.0/24
                            ip_range: 172.28.0.128/25
                            gateway: 172.28.0.1
                """));
        assertTrue(stack.valid(), () -> stack.problems().toString());
        NetworkDeclaration.Ipam ipam = stack.document().spec().networks().get("backend").ipam();
        assertEquals("default", ipam.driver());
        assertEquals(List.of(new NetworkDeclaration.Pool("172.28.0.0/24", "172.28.0.128/25", "172.28.0.1")), ipam.config());
    }

    @Test
    void aSubnetMustBeAnIpv4NetworkAndItsRangeAndGatewayInsideIt() throws IOException {
        List<String> errors = errors(withBackend("""
                      ipam:
                        config:
                          - subnet: 172.28.0.1/24
                          - subnet: 172.29.0.0/24
                            ip_range: 172.30.0.0/25
                            gateway: 172.29.1.1
                          - gateway: 172.31.0.1
                """));
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.get(0).endsWith("spec.networks.backend.ipam.config[0].subnet '172.28.0.1/24' is not an IPv4"
                + " network such as 172.28.0.0/24 (the address with its host bits clear)"), errors.get(0));
        assertTrue(errors.get(1).endsWith("spec.networks.backend.ipam.config[1].ip_range '172.30.0.0/25' must be an IPv4"
                + " network inside the subnet 172.29.0.0/24"), errors.get(1));
        assertTrue(errors.get(2).endsWith("spec.networks.backend.ipam.config[1].gateway '172.29.1.1' must be an IPv4"
                + " address inside the subnet 172.29.0.0/24"), errors.get(2));
        assertTrue(errors.get(3).endsWith("spec.networks.backend.ipam.config[2].subnet is required: an IPv4 network such"
                + " as 172.28.0.0/24"), errors.get(3));
    }

    @Test
    void ipamNeedsASubnetAndNoOverlapAndNoExternalNetwork() throws IOException {
        assertTrue(errors(withBackend("      ipam: {driver: default}\n")).get(0)
                .endsWith("spec.networks.backend.ipam.config must list at least one subnet, e.g. [{subnet: 172.28.0.0/24}]"));
        String twoNetworks = withBackend("      ipam: {config: [{subnet: 172.28.0.0/16}]}\n")
                .replace("    backend:\n", "    front:\n      ipam: {config: [{subnet: 172.28.4.0/24}]}\n    backend:\n");
        assertTrue(errors(twoNetworks).get(0).endsWith("spec.networks.backend.ipam: subnet 172.28.0.0/16 overlaps"
                + " 172.28.4.0/24 of network front"), errors(twoNetworks).toString());
        String external = Fixtures.SHOP.replace("    edge: {external: true}\n",
                "    edge: {external: true, ipam: {config: [{subnet: 172.28.0.0/24}]}}\n");
        assertTrue(errors(external).get(0).endsWith("spec.networks.edge.ipam cannot be set on an external network: the"
                + " operator does not create it"), errors(external).toString());
    }

    @Test
    void anIpamFieldOfComposeThatIsNotSupportedIsAnUnknownField() throws IOException {
        List<String> errors = errors(withBackend("      ipam: {config: [{subnet: 172.28.0.0/24, aux_addresses: {a: 172.28.0.5}}]}\n"));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("unknown field 'aux_addresses'"), errors.get(0));
    }
}
