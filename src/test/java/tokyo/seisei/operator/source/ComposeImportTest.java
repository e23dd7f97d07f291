package tokyo.seisei.operator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tokyo.seisei.operator.model.Service;
import tokyo.seisei.operator.model.StackSpec;

/**
 * import-compose on Compose files: public examples no one here wrote (src/test/resources/compose, each with its source
 * and licence), and small files for each rule. A stack file that is made must load valid in a desired-state folder.
 */
class ComposeImportTest {

    @TempDir
    Path dir;

    final DesiredStateLoader loader = new DesiredStateLoader(Map.of());

    ComposeImport.Result importExample(String example) throws IOException {
        Path file = Files.createDirectories(dir.resolve(example)).resolve("compose.yaml");
        Files.copy(Path.of("src/test/resources/compose/" + example + ".yaml"), file);
        return importFile(file, null);
    }

    ComposeImport.Result importFile(Path file, String name) {
        return new ComposeImport(loader).run(file, new ComposeImport.Options(name, StackSpec.STAGING, null));
    }

    Path compose(String project, String yaml) throws IOException {
        return Files.writeString(Files.createDirectories(dir.resolve(project)).resolve("docker-compose.yml"), yaml);
    }

    /** The stack file as stackctl validate reads it, from a desired-state folder of its own. */
    LoadedStack validated(ComposeImport.Result result) throws IOException {
        assertTrue(result.ok(), () -> String.join("\n", result.problems()));
        Path desired = Files.createDirectories(dir.resolve("desired-state"));
        LoadedStack stack = loader.load(Files.writeString(desired.resolve(result.stackName() + ".yaml"), result.yaml()));
        assertTrue(stack.valid(), () -> stack.problems() + "\n" + result.yaml());
        return stack;
    }

    /** The problems without the file name: LINE:COL: message. */
    static List<String> problems(ComposeImport.Result result) {
        return result.problems().stream().map(p -> p.substring(p.indexOf("compose.yaml:") + "compose.yaml:".length())).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"geonetwork", "drupal", "gitea-postgres", "odoo-postgres"})
    void publicExamplesWithReleaseTagsImportWholeAndValidate(String example) throws IOException {
        ComposeImport.Result result = importExample(example);

        StackSpec spec = validated(result).document().spec();
        assertEquals(example, result.stackName());
        assertTrue(spec.services().values().stream().anyMatch(s -> s.image().endsWith(":" + spec.version())),
                result.yaml());
        assertTrue(result.yaml().contains(":${VERSION}"), result.yaml());
        assertFalse(result.yaml().contains("#"), "no comment is carried over: " + result.yaml());
    }

    @Test
    void geonetworkKeepsItsServicesInOrderWithTheSharedTagAsVersion() throws IOException {
        ComposeImport.Result result = importExample("geonetwork");

        StackSpec spec = validated(result).document().spec();
        assertEquals("7.17.15", spec.version());
        assertEquals(List.of("geonetwork", "database", "elasticsearch", "kibana"), List.copyOf(spec.services().keySet()));
        assertEquals("kibana:${VERSION}", yamlLine(result, "image: kibana"));
        assertEquals("geonetwork:4.4", spec.services().get("geonetwork").image());
        assertEquals(Service.Dependency.HEALTHY, spec.services().get("kibana").dependsOn().get("elasticsearch").condition());
        assertEquals(new Service.Ulimit(-1, -1), spec.services().get("elasticsearch").ulimits().get("memlock"));
        assertEquals("2m", spec.services().get("elasticsearch").healthcheck().startPeriod());
        assertTrue(spec.services().get("geonetwork").environment().get("JAVA_OPTS").startsWith("--add-opens="));
        assertEquals(List.of("geonetwork", "esdata", "pgdata", "pglog"), List.copyOf(spec.volumes().keySet()));
    }

    @Test
    void giteaBindMountsPointAtTheComposeFoldersDataAndItsNetworkIsKept() throws IOException {
        ComposeImport.Result result = importExample("gitea-postgres");

        StackSpec spec = validated(result).document().spec();
        Path folder = dir.resolve("gitea-postgres").toAbsolutePath();
        assertEquals(folder.resolve("gitea") + ":/data", text(spec.services().get("server").volumes().get(0)));
        assertEquals(folder.resolve("postgres").toString(), spec.services().get("db").volumes().get(0).source());
        assertEquals("/etc/timezone", spec.services().get("server").volumes().get(1).source());
        assertEquals("gitea", spec.services().get("server").containerName());
        assertFalse(spec.networks().get("gitea").isExternal());
        assertEquals(List.of("db"), List.copyOf(spec.services().get("server").dependsOn().keySet()));
    }

    @Test
    void odooKeepsItsPlatformTtyAndStdinOpen() throws IOException {
        StackSpec spec = validated(importExample("odoo-postgres")).document().spec();
        assertEquals("16.0", spec.version());
        assertEquals("linux/amd64", spec.services().get("odoo").platform());
        assertEquals("linux/amd64", spec.services().get("postgres").platform());
        assertEquals(Boolean.TRUE, spec.services().get("odoo").tty());
    }

    /** espocrm with release tags instead of latest: its daemon and websocket take the volumes of the espocrm service. */
    @Test
    void espocrmWithReleaseTagsImportsWithItsVolumesFrom() throws IOException {
        Path file = Files.createDirectories(dir.resolve("espocrm")).resolve("compose.yaml");
        Files.writeString(file, Files.readString(Path.of("src/test/resources/compose/espocrm.yaml"))
                .replace("mariadb:latest", "mariadb:11.4").replace("espocrm/espocrm:latest", "espocrm/espocrm:9.1.8"));

        StackSpec spec = validated(importFile(file, null)).document().spec();
        assertEquals(List.of("espocrm"), spec.services().get("espocrm-daemon").volumesFrom());
        assertEquals(List.of("espocrm"), spec.services().get("espocrm-websocket").volumesFrom());
    }

    /** What the other public examples need before they can be imported: a release tag, no field. */
    @Test
    void publicExamplesWithFieldsOrImagesAStackFileCannotHoldSayEachOne() throws IOException {
        assertEquals(List.of("7:5: services.wordpress.image 'wordpress' has no tag: name a release tag or a @sha256 digest"),
                problems(importExample("wordpress")));
        assertEquals(List.of("24:5: services.whoami.image 'traefik/whoami' has no tag: name a release tag or a @sha256 digest"),
                problems(importExample("traefik")));
        assertEquals(List.of(
                "6:1: no image has a release tag (such as 1.4.2, v2 or sha-1a2b3c4) to take as spec.version: name the"
                        + " images' tags",
                "9:5: services.db.image 'postgres' has no tag: name a release tag or a @sha256 digest",
                "23:5: services.adminer.image 'adminer' has no tag: name a release tag or a @sha256 digest"),
                problems(importExample("postgres")));
        assertEquals(List.of(
                "4:1: no image has a release tag (such as 1.4.2, v2 or sha-1a2b3c4) to take as spec.version: name the"
                        + " images' tags",
                "7:5: services.espocrm-db.image 'mariadb:latest' uses the tag latest, which moves: name a release tag or"
                        + " a @sha256 digest",
                "25:5: services.espocrm.image 'espocrm/espocrm:latest' uses the tag latest, which moves: name a release"
                        + " tag or a @sha256 digest",
                "52:5: services.espocrm-daemon.image 'espocrm/espocrm:latest' uses the tag latest, which moves: name a"
                        + " release tag or a @sha256 digest",
                "69:5: services.espocrm-websocket.image 'espocrm/espocrm:latest' uses the tag latest, which moves: name"
                        + " a release tag or a @sha256 digest"),
                problems(importExample("espocrm")));
    }

    @Test
    void everyKeyAndValueAStackFileCannotHoldIsListedAtOnceWithItsLineAndNothingIsMade() throws IOException {
        Path file = compose("shop", """
                services:
                  web:
                    image: localhost:5000/lab/app:sha-1a2b3c4
                    privileged: true
                    build: .
                    ports:
                      - target: 8080
                        app_protocol: http
                    deploy:
                      replicas: 2
                    networks:
                      back:
                        ipv4_address: 172.28.0.5
                    secrets: [db_password]
                  db:
                    image: localhost:5000/lab/postgres:latest
                networks:
                  back:
                    driver_opts: {mtu: 1400}
                secrets:
                  db_password: {file: ./db_password.txt}
                """);

        ComposeImport.Result result = importFile(file, null);

        assertNull(result.yaml());
        assertEquals(List.of(
                ":20:1: secrets is not supported: the stack file has no secrets; pass the value through environment or"
                        + " env_file",
                ":4:5: services.web.privileged is not supported: the stack file has no such field",
                ":5:5: services.web.build is not supported: production only pulls published images; build and push"
                        + " the image, then name its tag",
                ":8:9: services.web.ports[0].app_protocol is not supported: the stack file has no such field; it has"
                        + " host_ip, mode, protocol, published, target",
                ":10:7: services.web.deploy.replicas is not supported: the stack file has no such field; it has resources",
                ":13:9: services.web.networks.back.ipv4_address is not supported: the stack file has no such field; it"
                        + " has aliases",
                ":14:5: services.web.secrets is not supported: the stack file has no secrets; pass the value through"
                        + " environment or env_file",
                ":19:5: networks.back.driver_opts is not supported: the stack file has no such field; it has driver,"
                        + " external, ipam, name",
                ":16:5: services.db.image 'localhost:5000/lab/postgres:latest' uses the tag latest, which moves: name a"
                        + " release tag or a @sha256 digest"),
                result.problems().stream()
                        .map(p -> p.substring(p.indexOf("docker-compose.yml") + "docker-compose.yml".length())).toList());
    }

    @Test
    void anchorsMergeKeysAndExtensionFieldsAreResolvedAsComposeDoes() throws IOException {
        Path file = compose("shop", """
                x-defaults: &defaults
                  restart: unless-stopped
                  logging:
                    driver: json-file
                    options: {max-size: 10m}
                services:
                  web:
                    <<: *defaults
                    image: localhost:5000/lab/app:sha-1a2b3c4
                    x-note: for people
                    ports: ["22:22"]
                  worker:
                    <<: *defaults
                    image: localhost:5000/lab/app:sha-1a2b3c4
                    restart: "no"
                """);

        StackSpec spec = validated(importFile(file, null)).document().spec();

        Service web = spec.services().get("web");
        assertEquals("unless-stopped", web.restart());
        assertEquals("json-file", web.logging().driver());
        assertEquals(Map.of("max-size", "10m"), web.logging().options());
        assertEquals(22, web.ports().get(0).hostPort(), "22:22 is a port, not a base-60 number");
        assertEquals("no", spec.services().get("worker").restart());
        assertEquals("sha-1a2b3c4", spec.version());
    }

    @Test
    void theStackNameIsTheOptionElseComposesNameElseTheFolder() throws IOException {
        String service = "services:\n  web:\n    image: localhost:5000/lab/app:sha-1a2b3c4\n";
        assertEquals("my-shop", importFile(compose("My_Shop", service), null).stackName());
        assertEquals("billing", importFile(compose("other", "name: billing\n" + service), null).stackName());
        assertEquals("shop2", importFile(compose("other", "name: billing\n" + service), "shop2").stackName());
        assertEquals(List.of(":1:1: cannot take 'billing_eu' as the stack name: 'billing_eu' is not a stack name:"
                        + " lowercase letters, digits and '-', at most 63 characters, starting with a letter or a digit;"
                        + " name the stack with --name"),
                importFile(compose("third", "name: billing_eu\n" + service), null).problems().stream()
                        .map(p -> p.substring(p.indexOf(".yml") + 4)).toList());
    }

    @Test
    void underAnotherNameTheVolumesKeepTheNamesComposeGaveThem() throws IOException {
        Path file = compose("shop", """
                services:
                  db:
                    image: localhost:5000/lab/postgres:15
                    volumes: ["pgdata:/var/lib/postgresql/data"]
                volumes:
                  pgdata:
                  shared: {external: true}
                """);

        ComposeImport.Result result = importFile(file, "shop-staging");

        StackSpec spec = validated(result).document().spec();
        assertEquals("shop_pgdata", spec.volumes().get("pgdata").name());
        assertNull(spec.volumes().get("shared").name());
        assertEquals("15", spec.version());
        assertFalse(importFile(file, null).yaml().contains("name: shop_pgdata"),
                "under Compose's own name the operator's volume name is Compose's already");
    }

    @Test
    void envFilesAreReadFromTheComposeFolderAndAnOptionalMissingOneIsLeftOut() throws IOException {
        Path file = compose("shop", """
                services:
                  web:
                    image: localhost:5000/lab/app:sha-1a2b3c4
                    env_file:
                      - ./web.env
                      - path: ./local.env
                        required: false
                """);
        Files.writeString(dir.resolve("shop/web.env"), "DB_PASSWORD=hunter2hunter2\n");

        ComposeImport.Result result = importFile(file, null);

        Service web = validated(result).document().spec().services().get("web");
        assertEquals(List.of(dir.resolve("shop/web.env").toAbsolutePath().toString()), web.envFile());
        assertTrue(result.notes().contains("services.web.env_file: ./local.env is optional and missing, so it is left out"),
                result.notes().toString());
        assertFalse(result.yaml().contains("hunter2"), "the env file's values stay in the env file");
    }

    @Test
    void aProdStackNamesItsPromotionSource() throws IOException {
        Path file = compose("shop", "services:\n  web:\n    image: localhost:5000/lab/app:sha-1a2b3c4\n");

        ComposeImport.Result result = new ComposeImport(new DesiredStateLoader(Map.of(), true))
                .run(file, new ComposeImport.Options("shop-prod", StackSpec.PROD, "shop-staging"));

        StackSpec spec = validated(result).document().spec();
        assertEquals("prod", spec.environment());
        assertEquals("shop-staging", spec.promotion().from());
    }

    @Test
    void aFileThatIsNotAComposeFileIsSaidInOneLine() throws IOException {
        Path notYaml = compose("a", "services: [web\n");
        assertTrue(importFile(notYaml, null).problems().get(0).matches(".*docker-compose.yml:1:1: not valid YAML: .*"),
                importFile(notYaml, null).problems().toString());
        Path binary = Files.write(Files.createDirectories(dir.resolve("b")).resolve("compose.yaml"), new byte[] {(byte) 0xff, 0x0a});
        assertTrue(importFile(binary, null).problems().get(0).contains("compose.yaml:1:1: cannot read the file as UTF-8 text"),
                importFile(binary, null).problems().toString());
        assertEquals(List.of(":1:1: services: a Compose file needs at least one service"),
                importFile(compose("c", "name: shop\n"), null).problems().stream()
                        .map(p -> p.substring(p.indexOf(".yml") + 4)).toList());
        assertEquals(dir.resolve("d/compose.yaml"), ComposeImport.composeFileIn(Files.writeString(
                Files.createDirectories(dir.resolve("d")).resolve("compose.yaml"), "services: {}\n").getParent()).orElseThrow());
    }

    private static String yamlLine(ComposeImport.Result result, String start) {
        return result.yaml().lines().map(String::strip).filter(l -> l.startsWith(start)).findFirst()
                .map(l -> l.substring("image: ".length())).orElseThrow();
    }

    private static String text(tokyo.seisei.operator.model.VolumeMount mount) {
        return mount.source() + ":" + mount.target();
    }
}
