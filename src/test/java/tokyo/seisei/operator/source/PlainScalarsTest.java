package tokyo.seisei.operator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tokyo.seisei.operator.Fixtures;
import tokyo.seisei.operator.model.PortSpec;
import tokyo.seisei.operator.model.Service;

/**
 * An unquoted value is the text written, as Compose (YAML 1.2) reads it, never a number or a boolean written back
 * as YAML 1.1 typed it: only a field that holds a number or a boolean converts it, and refuses what is not one.
 */
class PlainScalarsTest {

    @TempDir
    Path dir;

    private LoadedStack load(String yaml) throws IOException {
        return new DesiredStateLoader(Map.of()).load(Files.writeString(dir.resolve("shop.yaml"), yaml));
    }

    private static Service web(LoadedStack stack) {
        assertTrue(stack.valid(), () -> stack.problems().toString());
        return stack.document().spec().services().get("web");
    }

    /** The one error of the file, as a user sees it. */
    private static String only(LoadedStack stack) {
        assertEquals(1, stack.errors().size(), () -> stack.problems().toString());
        return stack.errors().get(0).toString();
    }

    /** The shop with these lines before the web service's command. */
    private static String withWeb(String lines) {
        return Fixtures.SHOP.replace("      command: httpd", lines + "      command: httpd");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.10", "010", "0x1F", "1e3", "1_000", "yes", "0777", "1.0", "2.20.0", "0o17", "1_2.3e4"})
    void anUnquotedVersionIsDeployedAsWritten(String version) throws IOException {
        LoadedStack stack = load(Fixtures.SHOP.replace("version: sha-19b9b98", "version: " + version));
        assertEquals("localhost:5000/seisei/odoo:" + version, web(stack).image());
        assertEquals(version, stack.desiredVersion());
        assertEquals(version, stack.document().spec().version());
    }

    @Test
    void anUnquotedEnvironmentValueOrContainerNameIsKeptAsWritten() throws IOException {
        LoadedStack stack = load(withWeb("      container_name: 010\n")
                .replace("environment: {POSTGRES_PASSWORD: secret, PORT: 5432}",
                        "environment: {POSTGRES_PASSWORD: 0777, PORT: 5432, FLAG: yes, RATIO: 1.50, HEX: 0x1F, OFF: off, NOTHING: ~}")
                .replace("    db:\n", "    db:\n      container_name: \"8\"\n"));
        Service web = web(stack);
        Service db = stack.document().spec().services().get("db");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("POSTGRES_PASSWORD", "0777");
        expected.put("PORT", "5432");
        expected.put("FLAG", "yes");
        expected.put("RATIO", "1.50");
        expected.put("HEX", "0x1F");
        expected.put("OFF", "off");
        expected.put("NOTHING", "");
        assertEquals(expected, db.environment());
        assertEquals("010", web.containerName());
        assertEquals("8", db.containerName());
    }

    @Test
    void numbersAndBooleansStillFillTheFieldsThatHoldThem() throws IOException {
        LoadedStack stack = load(withWeb("      healthcheck: {test: [CMD, \"true\"], retries: 3, disable: False}\n"
                + "      ports: [8080, \"127.0.0.1:18069:8080\"]\n      tty: TRUE\n")
                .replace("      ports: [\"127.0.0.1:18069:8080\"]\n      networks", "      networks")
                .replace("  version: sha-19b9b98\n", "  version: sha-19b9b98\n  paused: true\n"));
        Service web = web(stack);
        assertTrue(stack.document().spec().pausedInGit());
        assertEquals(3, web.healthcheck().retries());
        assertEquals(Boolean.FALSE, web.healthcheck().disable());
        assertEquals(Boolean.TRUE, web.tty());
        assertEquals(List.of(8080, 8080), web.ports().stream().map(PortSpec::containerPort).toList());
        assertNull(stack.document().spec().prune());
    }

    @Test
    void aYaml11BooleanWordInABooleanFieldIsRefusedAtItsLine() throws IOException {
        String error = only(load(Fixtures.SHOP.replace("  version: sha-19b9b98\n", "  version: sha-19b9b98\n  paused: yes\n")));
        assertTrue(error.endsWith("shop.yaml:8:11: spec.paused: must be true or false"), error);
    }

    @Test
    void aNumberInANumberFieldThatIsNotDecimalIsRefusedAtItsLine() throws IOException {
        String error = only(load(withWeb("      healthcheck: {test: [CMD, \"true\"], retries: 0x1F}\n")));
        assertTrue(error.endsWith("shop.yaml:11:51: spec.services.web.healthcheck.retries: must be a whole number"), error);
    }

    @Test
    void aReadOnlyVolumeTakesTrueOrFalseOnly() throws IOException {
        String volume = "      volumes: [{type: volume, source: pgdata, target: /data, read_only: %s}]\n";
        assertTrue(web(load(withWeb(volume.formatted("True")))).volumes().get(0).readOnly());
        assertTrue(!web(load(withWeb(volume.formatted("false")))).volumes().get(0).readOnly());
        String error = only(load(withWeb(volume.formatted("yes"))));
        assertTrue(error.endsWith("spec.services.web.volumes[0]: volume: 'read_only' must be true or false, not 'yes'"), error);
    }
}
