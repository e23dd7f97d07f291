package tokyo.seisei.operator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.Fixtures;
import tokyo.seisei.operator.model.PortSpec;
import tokyo.seisei.operator.model.Service;
import tokyo.seisei.operator.model.VolumeMount;

class DesiredStateLoaderTest {



    @TempDir
    Path dir;

    private final DesiredStateLoader loader = new DesiredStateLoader(Map.of());

    private LoadedStack load(String name, String yaml) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return loader.load(file);
    }

    private static String only(LoadedStack stack) {
        assertEquals(1, stack.errors().size(), () -> "expected one error, got " + stack.problems());
        return stack.errors().get(0).toString();
    }

    @Test
    void validFileLoadsWithComposeFormsNormalised() throws IOException {
        LoadedStack stack = load("shop", Fixtures.SHOP);
        assertTrue(stack.valid(), () -> stack.problems().toString());
        Service web = stack.document().spec().services().get("web");
        assertEquals("localhost:5000/seisei/odoo:sha-19b9b98", web.image());
        assertEquals(List.of("httpd", "-f", "-p", "8080"), web.command());
        assertEquals(Map.of("DB_HOST", "db", "GREETING", "hello"), web.environment());
        assertEquals(List.of(new PortSpec("127.0.0.1", 18069, 8080, "tcp")), web.ports());
        assertEquals(List.of("edge", "default"), List.copyOf(web.networks().keySet()));
        assertEquals("service_healthy", web.dependsOn().get("db").condition());
        Service db = stack.document().spec().services().get("db");
        assertEquals("5432", db.environment().get("PORT"));
        assertEquals(new VolumeMount("bind", "./init", "/docker-entrypoint-initdb.d", true), db.volumes().get(1));
        assertTrue(stack.revision().startsWith("sha256:"));
    }

    @Test
    void environmentVariablesAreInterpolatedAsComposeDoes() throws IOException {
        LoadedStack stack = new DesiredStateLoader(Map.of("GREETING", "bonjour"))
                .load(Files.writeString(dir.resolve("shop.yaml"), Fixtures.SHOP));
        assertEquals("bonjour", stack.document().spec().services().get("web").environment().get("GREETING"));
    }

    @Test
    void unknownFieldIsRejectedWithTheClosestNameAndItsLine() throws IOException {
        String error = only(load("shop", Fixtures.SHOP.replace("      ports: [", "      prots: [")));
        assertTrue(error.endsWith("shop.yaml:15:7: unknown field 'prots' in spec.services.web; did you mean 'ports'?"), error);
    }

    @Test
    void missingVersionIsReported() throws IOException {
        List<String> errors = load("shop", Fixtures.SHOP.replace("  version: sha-19b9b98\n", "")).errors().stream()
                .map(Object::toString).toList();
        assertTrue(errors.stream().anyMatch(e -> e.contains("spec.version is required")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("spec.services.web.image 'localhost:5000/seisei/odoo:' is not an"
                + " image reference") && e.endsWith("the tag after ':' is empty")), errors.toString());
    }

    @Test
    void nameMustEqualTheFileName() throws IOException {
        String error = only(load("other", Fixtures.SHOP));
        assertTrue(error.endsWith("other.yaml:4:9: metadata.name 'shop' must equal the file name 'other'"), error);
    }

    @Test
    void imageWithoutTagIsRefusedAtItsValue() throws IOException {
        String error = only(load("shop", Fixtures.SHOP.replace("lab/postgres:15", "lab/postgres")));
        assertTrue(error.contains("shop.yaml:20:14: spec.services.db.image 'localhost:5000/lab/postgres' has no tag"), error);
    }

    @Test
    void latestTagAndBuildAreRefusedByPolicy() throws IOException {
        LoadedStack stack = load("shop", Fixtures.SHOP.replace("lab/postgres:15", "lab/postgres:latest")
                .replace("      command:", "      build: .\n      command:"));
        List<String> errors = stack.errors().stream().map(Object::toString).toList();
        assertEquals(2, errors.size(), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("spec.services.web.build is not allowed")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("uses the tag latest")), errors::toString);
    }

    @Test
    void digestIsAlwaysAllowed() throws IOException {
        LoadedStack stack = load("shop", Fixtures.SHOP.replace("lab/postgres:15",
                "lab/postgres@sha256:" + "a".repeat(64)));
        assertTrue(stack.valid(), () -> stack.problems().toString());
    }

    @Test
    void notYamlIsReportedWithItsPosition() throws IOException {
        LoadedStack stack = load("shop", "apiVersion: [unclosed\nkind: Stack\n");
        assertFalse(stack.valid());
        String error = stack.errors().get(0).toString();
        assertTrue(error.matches(".*shop\\.yaml:\\d+:\\d+: not valid YAML: .*"), error);
    }

    @Test
    void dependencyCycleIsNamed() throws IOException {
        String error = only(load("shop", Fixtures.SHOP.replace("depends_on: []", "depends_on: [web]")));
        assertTrue(error.contains("depends_on forms a cycle: web -> db -> web") || error.contains("db -> web -> db"), error);
    }

    @Test
    void undeclaredNetworkAndVolumeAreReported() throws IOException {
        LoadedStack stack = load("shop", Fixtures.SHOP.replace("networks: [edge, default]", "networks: [edge, backend]")
                .replace("pgdata:/var", "data:/var"));
        List<String> errors = stack.errors().stream().map(Object::toString).toList();
        assertTrue(errors.stream().anyMatch(e -> e.contains("names 'backend', which is not declared under spec.networks")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("uses volume 'data', which is not declared under spec.volumes")), errors::toString);
    }

    @Test
    void wrongTypeNamesTheFieldAndTheRule() throws IOException {
        String error = only(load("shop", Fixtures.SHOP.replace("  volumes:\n    pgdata: {}", "  volumes: [pgdata]")));
        assertTrue(error.contains("spec.volumes: must be a map"), error);
    }

    @Test
    void badPortNamesTheRule() throws IOException {
        String error = only(load("shop", Fixtures.SHOP.replace("127.0.0.1:18069:8080", "127.0.0.1:18069:80800")));
        assertTrue(error.contains("spec.services.web.ports[0]") && error.contains("is not a port number 1-65535"), error);
    }

    @Test
    void requiredVariableThatIsUnsetIsAnError() throws IOException {
        String error = only(load("shop", Fixtures.SHOP.replace("${GREETING:-hello}", "${GREETING:?set the greeting}")));
        assertTrue(error.contains("required variable GREETING is not set: set the greeting"), error);
    }

    @Test
    void twoStacksPublishingOneHostPortBlockTheSecondOnly() throws IOException {
        Files.writeString(dir.resolve("shop.yaml"), Fixtures.SHOP);
        Files.writeString(dir.resolve("zoo.yaml"), Fixtures.SHOP.replace("name: shop", "name: zoo")
                .replace("seisei/odoo", "seisei/web"));
        List<LoadedStack> stacks = loader.loadDirectory(dir);
        assertTrue(stacks.get(0).valid(), () -> stacks.get(0).problems().toString());
        List<String> errors = stacks.get(1).errors().stream().map(Object::toString).toList();
        assertTrue(errors.stream().anyMatch(e -> e.contains("host port 127.0.0.1:18069/tcp is already published by stack shop")),
                errors::toString);
    }

    @Test
    void anyInterfaceCollidesWithOneAddressAcrossStacks() throws IOException {
        Files.writeString(dir.resolve("shop.yaml"), Fixtures.SHOP);
        Files.writeString(dir.resolve("zoo.yaml"), Fixtures.SHOP.replace("name: shop", "name: zoo")
                .replace("127.0.0.1:18069:8080", "18069:8080"));
        List<String> errors = loader.loadDirectory(dir).get(1).errors().stream().map(Object::toString).toList();
        assertTrue(errors.stream().anyMatch(e -> e.contains("host port 0.0.0.0:18069/tcp is already published by stack shop")),
                errors::toString);
    }

    @Test
    void oneStackInTwoFilesIsAnError() throws IOException {
        Files.writeString(dir.resolve("shop.yaml"), Fixtures.SHOP);
        Files.writeString(dir.resolve("shop.yml"), Fixtures.SHOP);
        List<LoadedStack> stacks = loader.loadDirectory(dir);
        assertTrue(stacks.get(1).errors().get(0).toString().contains("stack shop is also defined by " + dir.resolve("shop.yaml")),
                () -> stacks.get(1).problems().toString());
    }

    @Test
    void twoServicesWithOneContainerNameAreRefused() throws IOException {
        String error = only(load("shop", Fixtures.SHOP.replace("      image: localhost:5000/lab/postgres:15",
                "      image: localhost:5000/lab/postgres:15\n      container_name: shop-web")));
        assertTrue(error.contains("container name shop-web is already used by service web"), error);
    }

    @Test
    void bindVolumeNeedsASource() throws IOException {
        String error = only(load("shop", Fixtures.SHOP.replace("\"./init:/docker-entrypoint-initdb.d:ro\"",
                "{type: bind, target: /init}")));
        assertTrue(error.contains("volume of type bind needs a 'source': the host path"), error);
    }

    @Test
    void aSecretSubstitutedIntoTheFileNeverAppearsInAProblem() throws IOException {
        LoadedStack stack = new DesiredStateLoader(Map.of("DB_PASSWORD", "hunter2secret"))
                .load(Files.writeString(dir.resolve("shop.yaml"), Fixtures.SHOP.replace("127.0.0.1:18069:8080", "127.0.0.1:${DB_PASSWORD}:8080")));
        String error = stack.errors().get(0).toString();
        assertFalse(error.contains("hunter2secret"), error);
        assertTrue(error.contains("'****' is not a port number"), error);
        assertEquals(java.util.Set.of("hunter2secret"), stack.secretValues());
    }

    @Test
    void theValueOfASecretNamedEnvironmentEntryIsASecretWhateverItCameFrom() throws IOException {
        Files.writeString(dir.resolve("web.env"), "PGPASS=pgpass99\nLANG=C.UTF-8\n");
        LoadedStack stack = new DesiredStateLoader(Map.of("DB_PW", "hunter2-x", "GPG_PASSPHRASE", "opensesame"))
                .load(Files.writeString(dir.resolve("shop.yaml"), Fixtures.SHOP
                        .replace("      image: localhost:5000/seisei/odoo:${VERSION}\n",
                                "      image: \"localhost:5000/a/b:${DB_PW}-${GPG_PASSPHRASE}-pgpass99-written-k3y x\"\n")
                        .replace("    - DB_HOST=db\n", "    - DB_HOST=db\n        - DB_PASSWORD=${DB_PW}\n"
                                + "        - API_KEY=written-k3y\n")
                        .replace("      ports:", "      env_file: web.env\n      ports:")));

        String error = only(stack);
        assertTrue(error.endsWith("spec.services.web.image 'localhost:5000/a/b:****-****-****-**** x' is not an image"
                + " reference [HOST[:PORT]/]PATH[:TAG][@DIGEST]: the tag '****-****-****-**** x' must be 1 to 128 letters,"
                + " digits, '_', '.' or '-', not starting with '.' or '-'"), error);
        assertEquals(java.util.Set.of("hunter2-x", "opensesame", "pgpass99", "written-k3y", "secret"), stack.secretValues());
    }

    @Test
    void shapesNoRuleForesawAreRefusedWithAReasonNotACrash() throws IOException {
        String error = only(load("shop", Fixtures.SHOP.replace("\"./init:/docker-entrypoint-initdb.d:ro\"", "~")));
        assertTrue(error.contains("spec.services.db.volumes[1] is empty"), error);
    }
}
