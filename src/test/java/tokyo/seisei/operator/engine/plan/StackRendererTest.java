package tokyo.seisei.operator.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.docker.ContainerSpec;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.Fixtures;

class StackRendererTest {

    @TempDir
    Path dir;

    DesiredStack render(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("shop.yaml"), yaml);
        return new StackRenderer().render(new DesiredStateLoader(Map.of()).load(file));
    }

    @Test
    void rendersComposeNamesAndLabelsInDependencyOrder() throws IOException {
        DesiredStack stack = render(Fixtures.SHOP);
        assertEquals(List.of("db", "web"), stack.services().stream().map(DesiredStack.DesiredService::name).toList());
        ContainerSpec web = stack.service("web").spec();
        assertEquals("shop-web", web.name());
        assertEquals(List.of("edge", "shop_default"), web.networks().stream().map(ContainerSpec.NetworkAttachment::network).toList());
        assertEquals(List.of("web"), web.networks().get(0).aliases());
        assertEquals("shop", web.labels().get("com.docker.compose.project"));
        assertEquals("web", web.labels().get("com.docker.compose.service"));
        assertEquals("False", web.labels().get("com.docker.compose.oneoff"));
        assertEquals("1", web.labels().get("com.docker.compose.container-number"));
        assertEquals(stack.service("web").hash(), web.labels().get("com.docker.compose.config-hash"));
        assertEquals("sha-19b9b98", web.labels().get(ContainerLabels.VERSION));
        ContainerSpec db = stack.service("db").spec();
        assertEquals(new ContainerSpec.Mount("volume", "shop_pgdata", "/var/lib/postgresql/data", false), db.mounts().get(0));
        assertEquals(dir.resolve("init").toString(), db.mounts().get(1).source());
        assertEquals(List.of(new DesiredStack.Resource("shop_default", false), new DesiredStack.Resource("edge", true)),
                stack.networks());
        assertEquals(List.of(new DesiredStack.Resource("shop_pgdata", false)), stack.volumes());
    }

    @Test
    void carriesSpecBackupWithoutChangingAnyContainer() throws IOException {
        DesiredStack without = render(Fixtures.SHOP);
        DesiredStack with = render(Fixtures.SHOP + """
                  backup:
                    databases:
                      - service: db
                        dump: [pg_dumpall, -U, postgres]
                        restore: [psql, -U, postgres]
                """);
        assertNull(without.backup());
        assertEquals("db", with.backup().databases().get(0).service());
        assertEquals(List.of("pg_dumpall", "-U", "postgres"), with.backup().databases().get(0).dump());
        assertEquals(without.services(), with.services(), "a backup block recreates nothing");
    }

    @Test
    void sameSpecSameHashAndAVersionBumpRecreatesOnlyWhatUsesTheVersion() throws IOException {
        DesiredStack first = render(Fixtures.SHOP);
        DesiredStack again = render(Fixtures.SHOP);
        DesiredStack bumped = render(Fixtures.SHOP.replace("sha-19b9b98", "sha-2b3c4d5"));
        assertEquals(first.service("web").hash(), again.service("web").hash());
        assertNotEquals(first.service("web").hash(), bumped.service("web").hash());
        assertEquals(first.service("db").hash(), bumped.service("db").hash());
    }

    @Test
    void environmentChangeChangesTheHash() throws IOException {
        DesiredStack first = render(Fixtures.SHOP);
        DesiredStack changed = render(Fixtures.SHOP.replace("POSTGRES_PASSWORD: secret", "POSTGRES_PASSWORD: other"));
        assertNotEquals(first.service("db").hash(), changed.service("db").hash());
        assertEquals(first.service("web").hash(), changed.service("web").hash());
    }

    @Test
    void environmentWinsOverEnvFile() throws IOException {
        Files.writeString(dir.resolve("db.env"), "# comment\nPOSTGRES_PASSWORD=from-file\nPOSTGRES_DB=\"odoo\"\n");
        DesiredStack stack = render(Fixtures.SHOP.replace("      environment: {POSTGRES_PASSWORD",
                "      env_file: db.env\n      environment: {POSTGRES_PASSWORD"));
        assertEquals(List.of("POSTGRES_PASSWORD=secret", "POSTGRES_DB=odoo", "PORT=5432"), stack.service("db").spec().env());
    }

    @Test
    void smokeSpecIsCarriedToTheDesiredStack() throws IOException {
        assertNull(render(Fixtures.SHOP).smoke());
        DesiredStack stack = render(Fixtures.SHOP + """
                  smoke:
                    timeout: 30s
                    checks:
                      - tcp: 127.0.0.1:18069
                """);
        assertEquals("30s", stack.smoke().timeoutOrDefault());
        assertEquals("127.0.0.1:18069", stack.smoke().checks().get(0).tcp());
    }
}
