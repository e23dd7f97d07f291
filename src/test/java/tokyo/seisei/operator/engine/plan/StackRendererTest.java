package tokyo.seisei.operator.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.Fixtures;
import tokyo.seisei.operator.docker.ContainerSpec;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.LoadedStack;

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

    /** A service as written before init was supported; its hash is the one containers made then carry. */
    static final String WITHOUT_INIT = """
            apiVersion: operator.seisei.tokyo/v1
            kind: Stack
            metadata:
              name: shop
            spec:
              environment: staging
              version: sha-19b9b98
              services:
                web:
                  image: localhost:5000/seisei/odoo:${VERSION}
                  command: httpd -f -p "8080"
                  environment:
                    - DB_HOST=db
                  ports: ["127.0.0.1:18069:8080"]
                  restart: unless-stopped
                  stop_grace_period: 3s
                  healthcheck:
                    test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"]
                    interval: 1s
            """;

    @Test
    void aServiceWithoutInitKeepsItsHashSoItsContainerIsNotRecreated() throws IOException {
        assertEquals("cd809fd78875d785cd9280c5c05c761d1f3d841de95da1dc94e2690b96436295",
                render(WITHOUT_INIT).service("web").hash());
    }

    @Test
    void initAndStopSignalAreRenderedAndPartOfTheHash() throws IOException {
        DesiredStack plain = render(WITHOUT_INIT);
        DesiredStack init = render(WITHOUT_INIT.replace("      restart:", "      init: true\n      restart:"));
        DesiredStack noInit = render(WITHOUT_INIT.replace("      restart:", "      init: false\n      restart:"));
        DesiredStack signal = render(WITHOUT_INIT.replace("      restart:", "      stop_signal: SIGINT\n      restart:"));
        assertNull(plain.service("web").spec().init());
        assertNull(plain.service("web").spec().stopSignal());
        assertEquals(Boolean.TRUE, init.service("web").spec().init());
        assertEquals(Boolean.FALSE, noInit.service("web").spec().init());
        assertEquals("SIGINT", signal.service("web").spec().stopSignal());
        assertEquals(3, init.service("web").spec().stopGraceSeconds());
        List<String> hashes = List.of(plain.service("web").hash(), init.service("web").hash(), noInit.service("web").hash(),
                signal.service("web").hash());
        assertEquals(4, hashes.stream().distinct().count(), "each change of how the service stops recreates it: " + hashes);
        assertEquals(init.service("web").hash(), init.service("web").spec().labels().get(ContainerLabels.SPEC_HASH));
    }

    @Test
    void limitsCapabilitiesKernelSettingsAndExposeAreRenderedAndEachChangesTheHash() throws IOException {
        DesiredStack plain = render(WITHOUT_INIT);
        String extra = String.join("\n", "expose: [\"9000\", \"9100-9101/udp\"]", "mem_limit: 1.5g", "cpus: 0.25",
                "cap_add: [NET_ADMIN]", "cap_drop: [ALL]", "ulimits: {nofile: {soft: 1024, hard: 65535}, nproc: 512}",
                "sysctls: [net.core.somaxconn=1024]").indent(6);
        DesiredStack all = render(WITHOUT_INIT.replace("      restart:", extra + "      restart:"));
        ContainerSpec web = all.service("web").spec();
        assertEquals(List.of("9000/tcp", "9100/udp", "9101/udp"), web.expose());
        assertEquals(1610612736L, web.memoryBytes());
        assertEquals(250_000_000L, web.nanoCpus());
        assertEquals(List.of("NET_ADMIN"), web.capAdd());
        assertEquals(List.of("ALL"), web.capDrop());
        assertEquals(Map.of("nofile", new ContainerSpec.Ulimit(1024, 65535), "nproc", new ContainerSpec.Ulimit(512, 512)),
                web.ulimits());
        assertEquals(Map.of("net.core.somaxconn", "1024"), web.sysctls());
        assertNull(plain.service("web").spec().memoryBytes());

        List<String> lines = List.of("expose: [\"9000\"]", "mem_limit: 512m", "cpus: 2", "cap_add: [NET_ADMIN]",
                "cap_drop: [MKNOD]", "ulimits: {nofile: 1024}", "sysctls: {net.core.somaxconn: 1024}",
                "deploy: {resources: {limits: {memory: 1g}}}");
        List<String> hashes = new java.util.ArrayList<>(List.of(plain.service("web").hash()));
        for (String line : lines) {
            hashes.add(render(WITHOUT_INIT.replace("      restart:", "      " + line + "\n      restart:")).service("web").hash());
        }
        assertEquals(lines.size() + 1, hashes.stream().distinct().count(), "each field recreates the container: " + hashes);
        String fields = all.service("web").spec().labels().get(ContainerLabels.SPEC_FIELDS);
        assertEquals(List.of("cap_add", "cap_drop", "expose", "mem_limit", "cpus", "sysctls", "ulimits"),
                SpecHash.changedFields(plain.service("web").spec().labels().get(ContainerLabels.SPEC_FIELDS), fields));
    }

    @Test
    void shmSizeTtyAndStdinOpenAreRenderedAndEachChangesTheHashOnlyWhenSet() throws IOException {
        DesiredStack plain = render(WITHOUT_INIT);
        ContainerSpec web = render(WITHOUT_INIT.replace("      restart:",
                "      shm_size: 128mb\n      tty: true\n      stdin_open: true\n      restart:")).service("web").spec();
        assertEquals(134217728L, web.shmBytes());
        assertEquals(Boolean.TRUE, web.tty());
        assertEquals(Boolean.TRUE, web.stdinOpen());
        assertNull(plain.service("web").spec().shmBytes());

        List<String> hashes = new java.util.ArrayList<>(List.of(plain.service("web").hash()));
        for (String line : List.of("shm_size: 256m", "tty: true", "stdin_open: true", "tty: false")) {
            hashes.add(render(WITHOUT_INIT.replace("      restart:", "      " + line + "\n      restart:")).service("web").hash());
        }
        assertEquals(5, hashes.stream().distinct().count(), "each field recreates the container: " + hashes);
        assertEquals(List.of("shm_size", "stdin_open", "tty"), SpecHash.changedFields(
                plain.service("web").spec().labels().get(ContainerLabels.SPEC_FIELDS),
                web.labels().get(ContainerLabels.SPEC_FIELDS)));
    }

    @Test
    void platformAndVolumesFromAreRenderedAndEachChangesTheHashOnlyWhenSet() throws IOException {
        DesiredStack plain = render(Fixtures.SHOP);
        DesiredStack with = render(Fixtures.SHOP
                .replace("      depends_on: []\n", "      volumes_from: [\"container:shared-files:ro\"]\n      platform: linux/amd64\n")
                .replace("      networks: [edge, default]\n", "      networks: [edge, default]\n      volumes_from: [db]\n"));
        assertEquals(List.of("shop-db:rw"), with.service("web").spec().volumesFrom());
        assertEquals(List.of("shared-files:ro"), with.service("db").spec().volumesFrom());
        assertEquals("linux/amd64", with.service("db").spec().platform());
        assertNull(plain.service("db").spec().platform());
        assertEquals(List.of(), plain.service("web").spec().volumesFrom());
        assertNotEquals(plain.service("web").hash(), with.service("web").hash());
        assertEquals(List.of("volumes_from"), SpecHash.changedFields(
                plain.service("web").spec().labels().get(ContainerLabels.SPEC_FIELDS),
                with.service("web").spec().labels().get(ContainerLabels.SPEC_FIELDS)));
        assertEquals(List.of("platform", "volumes_from"), SpecHash.changedFields(
                plain.service("db").spec().labels().get(ContainerLabels.SPEC_FIELDS),
                with.service("db").spec().labels().get(ContainerLabels.SPEC_FIELDS)));
    }

    @Test
    void aServiceIsCreatedAfterTheServiceItTakesVolumesFromAndUsesItsContainerName() throws IOException {
        DesiredStack stack = render(Fixtures.SHOP
                .replace("      depends_on:\n        db: {condition: service_healthy}\n", "")
                .replace("      depends_on: []\n", "      container_name: shop-database\n      volumes_from: [\"web:ro\"]\n"));
        assertEquals(List.of("web", "db"), stack.services().stream().map(DesiredStack.DesiredService::name).toList());
        assertEquals(List.of("shop-web:ro"), stack.service("db").spec().volumesFrom());
        DesiredStack reversed = render(Fixtures.SHOP.replace("      depends_on:\n        db: {condition: service_healthy}\n",
                "      volumes_from: [db]\n"));
        assertEquals(List.of("db", "web"), reversed.services().stream().map(DesiredStack.DesiredService::name).toList());
    }

    @Test
    void deployLimitsRenderAsMemoryAndCpus() throws IOException {
        ContainerSpec web = render(WITHOUT_INIT.replace("      restart:",
                "      deploy: {resources: {limits: {memory: 256m, cpus: \"1.5\"}}}\n      restart:")).service("web").spec();
        assertEquals(256L * 1024 * 1024, web.memoryBytes());
        assertEquals(1_500_000_000L, web.nanoCpus());
    }

    @Test
    void networkModeReplacesTheStackNetworks() throws IOException {
        ContainerSpec web = render(WITHOUT_INIT.replace("      ports: [\"127.0.0.1:18069:8080\"]\n", "")
                .replace("      restart:", "      network_mode: host\n      restart:")).service("web").spec();
        assertEquals("host", web.networkMode());
        assertEquals(List.of(), web.networks());
        assertNull(render(WITHOUT_INIT).service("web").spec().networkMode());
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
    void anEnvFileThatBecameAFifoAfterItsCheckFailsTheRenderUnopened() throws Exception {
        Path envFile = Files.writeString(dir.resolve("db.env"), "POSTGRES_DB=odoo\n");
        Path file = Files.writeString(dir.resolve("shop.yaml"), Fixtures.SHOP.replace("      environment: {POSTGRES_PASSWORD",
                "      env_file: db.env\n      environment: {POSTGRES_PASSWORD"));
        LoadedStack loaded = new DesiredStateLoader(Map.of()).load(file);
        Files.delete(envFile);
        new ProcessBuilder("mkfifo", envFile.toString()).inheritIO().start().waitFor();

        IllegalArgumentException refused = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(IllegalArgumentException.class, () -> new StackRenderer().render(loaded)));
        assertEquals(file + ": spec.services.db.env_file: " + envFile + " is a special file (FIFO, socket or device):"
                + " an env_file must be a regular file; it is not read", refused.getMessage());
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
