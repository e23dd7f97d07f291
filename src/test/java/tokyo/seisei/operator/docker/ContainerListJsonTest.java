package tokyo.seisei.operator.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerListJsonTest {

    /**
     * As Engine 20.10 (API 1.41) answers {@code GET /containers/json?all=1}, trimmed to three containers: one with
     * its port published on IPv4 and IPv6, a private port and a field of newer engines; an exited one with a mount
     * and a second name from a legacy link; one never started, without labels.
     */
    static final String BODY = """
            [{"Id":"ce9ee83054b74dc7abd7e885c9966c0573fd3b192121aa9414d6c0e38860cc52","Names":["/idl100-web"],\
            "Image":"localhost:5000/lab/app:sha-1a2b3c4",\
            "ImageID":"sha256:9ce9a6b7032ce59cd5020509286f02c9da4471a22f8e61c04e5b917cf0862749",\
            "Command":"/bin/sh /entrypoint.sh","Created":1796135020,\
            "Ports":[{"IP":"0.0.0.0","PrivatePort":8080,"PublicPort":18080,"Type":"tcp"},\
            {"IP":"::","PrivatePort":8080,"PublicPort":18080,"Type":"tcp"},{"PrivatePort":9090,"Type":"tcp"},\
            {"IP":"0.0.0.0","PrivatePort":53,"PublicPort":1053,"Type":"udp"},{"PrivatePort":80,"PublicPort":8081}],\
            "Labels":{"com.docker.compose.project":"idl100","com.docker.compose.service":"web",\
            "tokyo.seisei.operator.spec-fields":"env=170a01af,image=e628c1fb,name=34fd1d3f",\
            "tokyo.seisei.operator.stack":"idl100","tokyo.seisei.operator.version":"sha-1a2b3c4"},\
            "State":"running","Status":"Up 5 minutes (healthy)","HostConfig":{"NetworkMode":"idl100_default"},\
            "NetworkSettings":{"Networks":{"idl100_default":{"IPAMConfig":null,"Links":null,"Aliases":null,\
            "NetworkID":"72b291e79fe3ee6caf6600acd4254396853ff5a036e7f58bb4a6172f5721833f",\
            "EndpointID":"5512ceae8230655f09b08f1f79f1483ccfb53dd3c238af45a61e1969281bfe18",\
            "Gateway":"10.240.25.1","IPAddress":"10.240.25.2","IPPrefixLen":26,"IPv6Gateway":"",\
            "GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"MacAddress":"02:42:0a:f0:19:02","DriverOpts":null}}},\
            "Mounts":[],"ImageManifestDescriptor":{"mediaType":"application/vnd.oci.image.manifest.v1+json",\
            "digest":"sha256:0b1c","size":1234,"platform":{"architecture":"amd64","os":"linux"}}},
            {"Id":"a45b2b6a253d7e2b56c99fb2ee3234afa4fcb9128af00349e5f0dea784aca5da",\
            "Names":["/shop-web/db","/shop-db"],"Image":"localhost:5000/lab/postgres:15",\
            "ImageID":"sha256:4807447cb63e3c8322db7612dc405fdd5bad96ea5cc2bb4a43d183e5a8409be0",\
            "Command":"docker-entrypoint.sh postgres","Created":1796096815,"Ports":[{"PrivatePort":5432,"Type":"tcp"}],\
            "Labels":{"tokyo.seisei.operator.service":"db","tokyo.seisei.operator.stack":"shop"},\
            "State":"exited","Status":"Exited (255) 8 hours ago","HostConfig":{"NetworkMode":"shop_default"},\
            "NetworkSettings":{"Networks":{"shop_default":{"IPAMConfig":null,"Links":["/shop-web:/shop-web/db"],\
            "Aliases":null,"NetworkID":"452c20b21def17a849293f2a7f5b736953c208c3f90e66633880ca4a8daf607a",\
            "EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"",\
            "GlobalIPv6PrefixLen":0,"MacAddress":"","DriverOpts":null}}},\
            "Mounts":[{"Type":"volume","Name":"shop_pgdata","Source":"/var/lib/docker/volumes/shop_pgdata/_data",\
            "Destination":"/var/lib/postgresql/data","Driver":"local","Mode":"z","RW":true,"Propagation":""}]},
            {"Id":"5f1d0e3bb1a44a0c9a7c1f6e2d7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b","Names":["/lonely"],\
            "Image":"localhost:5000/lab/app:sha-2b3c4d5",\
            "ImageID":"sha256:1e3eb1ced03fe04c002da35fe8de427734bc46ddc9e86cf655840eb4de0169d3",\
            "Command":"/bin/sh /entrypoint.sh","Created":1796135100,"Ports":[],"Labels":null,\
            "State":"created","Status":"Created","HostConfig":{"NetworkMode":"default"},\
            "NetworkSettings":{"Networks":{}},"Mounts":null}]
            """;

    @Test
    void readsTheFieldsTheOperatorUsesAndSkipsTheRest() throws IOException {
        List<ContainerSummary> listed = parse(BODY);

        assertEquals(List.of(
                new ContainerSummary("ce9ee83054b74dc7abd7e885c9966c0573fd3b192121aa9414d6c0e38860cc52", "idl100-web",
                        "localhost:5000/lab/app:sha-1a2b3c4",
                        "sha256:9ce9a6b7032ce59cd5020509286f02c9da4471a22f8e61c04e5b917cf0862749", "running",
                        "Up 5 minutes (healthy)", Map.of("com.docker.compose.project", "idl100",
                                "com.docker.compose.service", "web",
                                "tokyo.seisei.operator.spec-fields", "env=170a01af,image=e628c1fb,name=34fd1d3f",
                                "tokyo.seisei.operator.stack", "idl100",
                                "tokyo.seisei.operator.version", "sha-1a2b3c4"),
                        List.of("18080/tcp", "1053/udp", "8081/tcp")),
                new ContainerSummary("a45b2b6a253d7e2b56c99fb2ee3234afa4fcb9128af00349e5f0dea784aca5da", "shop-db",
                        "localhost:5000/lab/postgres:15",
                        "sha256:4807447cb63e3c8322db7612dc405fdd5bad96ea5cc2bb4a43d183e5a8409be0", "exited",
                        "Exited (255) 8 hours ago",
                        Map.of("tokyo.seisei.operator.service", "db", "tokyo.seisei.operator.stack", "shop"), List.of()),
                new ContainerSummary("5f1d0e3bb1a44a0c9a7c1f6e2d7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b", "lonely",
                        "localhost:5000/lab/app:sha-2b3c4d5",
                        "sha256:1e3eb1ced03fe04c002da35fe8de427734bc46ddc9e86cf655840eb4de0169d3", "created", "Created",
                        Map.of(), List.of())), listed);
        assertEquals("healthy", listed.get(0).health());
        assertEquals("idl100", listed.get(0).stack());
    }

    @Test
    void agreesWithDockerJavasOwnMappingOfTheSameAnswer() throws IOException {
        assertEquals(DockerJavaContainerMapping.parse(BODY), parse(BODY));
    }

    @Test
    void anEngineWithoutContainersAnswersAnEmptyArray() throws IOException {
        assertEquals(List.of(), parse("[]\n"));
    }

    @Test
    void aContainerWithoutNamesHasNoNameAndALegacyLinkAloneIsKeptAsTheEngineWroteIt() throws IOException {
        String body = """
                [{"Id":"a","Names":null,"Labels":{"k":"v"},"Ports":null},{"Id":"b","Names":[]},\
                {"Id":"c","Names":["/web/db"],"NewField":[1,{"x":[]}],"Ports":[{"PublicPort":null,"Type":"tcp"}]}]""";

        List<ContainerSummary> listed = parse(body);

        assertEquals(DockerJavaContainerMapping.parse(body), listed);
        assertEquals(java.util.Arrays.asList(null, null, "/web/db"), listed.stream().map(ContainerSummary::name).toList());
        assertEquals(List.of(), listed.get(2).publishedPorts());
    }

    @Test
    void anAnswerThatIsNotAListOfContainersIsAnUnreadableAnswerNotAnUnreachableEngine() {
        assertThrows(JsonProcessingException.class, () -> parse("{\"message\":\"page not found\"}"));
        assertThrows(JsonProcessingException.class, () -> parse(BODY.substring(0, BODY.length() / 2)));
        assertThrows(JsonProcessingException.class, () -> parse(""));
    }

    private static List<ContainerSummary> parse(String body) throws IOException {
        return ContainerListJson.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
