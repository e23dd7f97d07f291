package tokyo.seisei.operator.docker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.LoadedStack;

/**
 * A stack file with resource limits, capabilities, ulimits, sysctls, expose, network_mode, extra_hosts, logging,
 * env_file, shm_size, tty, stdin_open, platform and volumes_from, rendered and run on the real engine: what the file says is what the engine's inspect shows, and what the process inside sees.
 */
class ComposeFieldsIT {

    static final String IMAGE = System.getProperty("it.image", "localhost:5000/lab/app:sha-1a2b3c4");
    static final String STACK = "cfields-" + UUID.randomUUID().toString().substring(0, 8);
    static final ObjectMapper JSON = new ObjectMapper();

    static DockerJavaEngine engine;
    static final List<String> created = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void connect() {
        engine = DockerJavaEngine.connect();
        engine.pull(IMAGE);
    }

    @AfterAll
    static void cleanUp() {
        // the last made first: a container that mounts another's volumes lets them go before that one is removed
        java.util.Collections.reverse(created);
        created.forEach(id -> engine.removeContainer(id));
        engine.close();
    }

    @Test
    void limitsCapabilitiesUlimitsAndSysctlsReachTheRunningContainer() throws Exception {
        ContainerSpec spec = render("""
                      network_mode: bridge
                      mem_limit: 64m
                      cpus: 0.5
                      cap_drop: [ALL]
                      cap_add: [NET_BIND_SERVICE, CAP_CHOWN]
                      expose: ["9000", "9100/udp"]
                      ulimits:
                        nofile: {soft: 1024, hard: 2048}
                        nproc: 512
                      sysctls:
                        net.core.somaxconn: 1024
                """);
        String id = engine.createContainer(spec);
        created.add(id);
        engine.startContainer(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(engine.inspectContainer(id).orElseThrow().status()));

        JsonNode inspect = JSON.readTree(engine.inspectContainer(id).orElseThrow().rawJson());
        JsonNode host = inspect.path("HostConfig");
        assertEquals(64L * 1024 * 1024, host.path("Memory").asLong(), host.toString());
        assertEquals(500_000_000L, host.path("NanoCpus").asLong(), host.toString());
        assertEquals(List.of("ALL"), texts(host.path("CapDrop")), host.toString());
        assertTrue(texts(host.path("CapAdd")).containsAll(List.of("NET_BIND_SERVICE", "CHOWN")), host.toString());
        assertEquals(Map.of("nofile", "1024/2048", "nproc", "512/512"), ulimits(host.path("Ulimits")), host.toString());
        assertEquals("1024", host.path("Sysctls").path("net.core.somaxconn").asText(), host.toString());
        assertEquals("bridge", host.path("NetworkMode").asText(), host.toString());
        JsonNode exposed = inspect.path("Config").path("ExposedPorts");
        assertTrue(exposed.has("9000/tcp") && exposed.has("9100/udp"), exposed.toString());

        assertEquals("1024", run(id, "cat", "/proc/sys/net/core/somaxconn"));
        // the service's own process, PID 1: a process `docker exec` starts may get the hard limit as its soft one
        // (runc raises its own soft limit to the hard one, and some engines pass that on)
        assertEquals("Max open files 1024 2048 files",
                run(id, "grep", "open files", "/proc/1/limits").replaceAll("\\s+", " ").strip());
    }

    @Test
    void networkModeNoneLeavesTheContainerWithoutANetwork() throws Exception {
        String id = engine.createContainer(render("      network_mode: none\n"));
        created.add(id);
        engine.startContainer(id);

        JsonNode inspect = JSON.readTree(engine.inspectContainer(id).orElseThrow().rawJson());
        assertEquals("none", inspect.path("HostConfig").path("NetworkMode").asText());
        assertEquals(List.of("none"), names(inspect.path("NetworkSettings").path("Networks")));
    }

    @Test
    void extraHostsLoggingAndEnvFilesReachTheRunningContainer() throws Exception {
        Files.writeString(dir.resolve("web.env"), "# settings\nexport API_TOKEN=\"t0ken-from-file\"\nLANG=C.UTF-8\n");
        ContainerSpec spec = render("""
                      network_mode: bridge
                      env_file: web.env
                      environment: {LANG: en_US.UTF-8}
                      extra_hosts: ["db.internal:10.1.2.3", "gw=host-gateway"]
                      logging:
                        driver: json-file
                        options: {max-size: 1m, max-file: "2"}
                """);
        String id = engine.createContainer(spec);
        created.add(id);
        engine.startContainer(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(engine.inspectContainer(id).orElseThrow().status()));

        JsonNode inspect = JSON.readTree(engine.inspectContainer(id).orElseThrow().rawJson());
        JsonNode host = inspect.path("HostConfig");
        assertEquals(List.of("db.internal:10.1.2.3", "gw:host-gateway"), texts(host.path("ExtraHosts")), host.toString());
        assertEquals("json-file", host.path("LogConfig").path("Type").asText(), host.toString());
        assertEquals("1m", host.path("LogConfig").path("Config").path("max-size").asText(), host.toString());
        assertEquals("2", host.path("LogConfig").path("Config").path("max-file").asText(), host.toString());
        assertTrue(texts(inspect.path("Config").path("Env")).containsAll(List.of("API_TOKEN=t0ken-from-file",
                "LANG=en_US.UTF-8")), inspect.path("Config").path("Env").toString());

        assertTrue(run(id, "cat", "/etc/hosts").lines().anyMatch(l -> l.matches("10\\.1\\.2\\.3\\s+db\\.internal")),
                run(id, "cat", "/etc/hosts"));
        assertTrue(run(id, "cat", "/etc/hosts").lines().anyMatch(l -> l.endsWith("gw") && !l.startsWith("host-gateway")),
                "host-gateway is the engine's word for the host's address: " + run(id, "cat", "/etc/hosts"));
        assertEquals("t0ken-from-file", run(id, "sh", "-c", "echo \"$API_TOKEN\""));
        assertEquals("en_US.UTF-8", run(id, "sh", "-c", "echo \"$LANG\""), "environment wins over env_file");
    }

    @Test
    void shmSizeTtyAndStdinOpenReachTheRunningContainer() throws Exception {
        String id = engine.createContainer(render("      network_mode: bridge\n      shm_size: 128mb\n      tty: true\n"
                + "      stdin_open: true\n"));
        created.add(id);
        engine.startContainer(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(engine.inspectContainer(id).orElseThrow().status()));

        JsonNode inspect = JSON.readTree(engine.inspectContainer(id).orElseThrow().rawJson());
        assertEquals(134217728L, inspect.path("HostConfig").path("ShmSize").asLong(), inspect.path("HostConfig").toString());
        assertTrue(inspect.path("Config").path("Tty").asBoolean() && inspect.path("Config").path("OpenStdin").asBoolean(),
                inspect.path("Config").toString());
        assertTrue(run(id, "cat", "/proc/mounts").lines().anyMatch(l -> l.startsWith("shm /dev/shm ") && l.contains("size=131072k")),
                run(id, "cat", "/proc/mounts"));
    }

    @Test
    void volumesFromShareAServicesVolumeWithTheServiceThatNamesItAfterItIsCreated() throws Exception {
        DesiredStack desired = renderStack("""
                    reader:
                      image: %1$s
                      network_mode: bridge
                      volumes_from: ["files:ro"]
                    files:
                      image: %1$s
                      network_mode: bridge
                      volumes: [/shared]
                """.formatted(IMAGE));
        assertEquals(List.of("files", "reader"), desired.services().stream().map(DesiredStack.DesiredService::name).toList(),
                "the service whose volumes are taken is created first");
        List<String> ids = new ArrayList<>();
        for (DesiredStack.DesiredService service : desired.services()) {
            String id = engine.createContainer(service.spec());
            created.add(id);
            ids.add(id);
            engine.startContainer(id);
        }
        String files = ids.get(0);
        String reader = ids.get(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(engine.inspectContainer(reader).orElseThrow().status()));

        run(files, "sh", "-c", "echo written-by-files > /shared/note");
        assertEquals("written-by-files", run(reader, "cat", "/shared/note"));
        ExecResult write = engine.exec(reader, List.of("sh", "-c", "echo x > /shared/other"), null, null, Duration.ofSeconds(10));
        assertTrue(write.exitCode() != 0, "ro: the reader cannot write the shared volume");
        JsonNode host = JSON.readTree(engine.inspectContainer(reader).orElseThrow().rawJson()).path("HostConfig");
        assertEquals(List.of(STACK + "-files:ro"), texts(host.path("VolumesFrom")), host.toString());
    }

    @Test
    void platformIsWhatThePullAndTheCreateAskFor() throws Exception {
        String own = "linux/" + ("aarch64".equals(System.getProperty("os.arch")) ? "arm64" : "amd64");
        String other = own.equals("linux/amd64") ? "linux/arm64" : "linux/amd64";
        engine.pull(IMAGE, own);

        String id = engine.createContainer(render("      network_mode: bridge\n      platform: " + own + "\n"));
        created.add(id);
        String image = JSON.readTree(engine.inspectContainer(id).orElseThrow().rawJson()).path("Image").asText();
        assertEquals(own, tokyo.seisei.operator.it.Lab.docker("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", image));

        DockerFailure refused = org.junit.jupiter.api.Assertions.assertThrows(DockerFailure.class,
                () -> created.add(engine.createContainer(render("      network_mode: bridge\n      platform: " + other + "\n"))));
        assertTrue(refused.getMessage().contains("does not match the specified platform"), refused.getMessage());
    }

    @Test
    void extraHostsInTheMapFormReachTheContainerToo() throws Exception {
        String id = engine.createContainer(render("      extra_hosts:\n        cache.internal: 10.9.8.7\n"));
        created.add(id);

        JsonNode host = JSON.readTree(engine.inspectContainer(id).orElseThrow().rawJson()).path("HostConfig");
        assertEquals(List.of("cache.internal:10.9.8.7"), texts(host.path("ExtraHosts")), host.toString());
    }

    /** The stack with these services, written under spec.services. */
    private DesiredStack renderStack(String services) throws Exception {
        Path file = Files.writeString(dir.resolve(STACK + ".yaml"), """
                apiVersion: operator.seisei.tokyo/v1
                kind: Stack
                metadata:
                  name: %s
                spec:
                  environment: staging
                  version: sha-1a2b3c4
                  services:
                %s""".formatted(STACK, services));
        LoadedStack loaded = new DesiredStateLoader(Map.of()).load(file);
        assertTrue(loaded.valid(), () -> loaded.problems().toString());
        return new StackRenderer().render(loaded);
    }

    private ContainerSpec render(String webLines) throws Exception {
        String service = "web" + created.size();
        Path file = Files.writeString(dir.resolve(STACK + ".yaml"), """
                apiVersion: operator.seisei.tokyo/v1
                kind: Stack
                metadata:
                  name: %s
                spec:
                  environment: staging
                  version: sha-1a2b3c4
                  services:
                    %s:
                      image: %s
                %s""".formatted(STACK, service, IMAGE, webLines));
        LoadedStack loaded = new DesiredStateLoader(Map.of()).load(file);
        assertTrue(loaded.valid(), () -> loaded.problems().toString());
        DesiredStack desired = new StackRenderer().render(loaded);
        return desired.service(service).spec();
    }

    private static String run(String id, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult result = engine.exec(id, List.of(command), null, out, Duration.ofSeconds(10));
        assertEquals(0L, result.exitCode(), () -> String.join(" ", command) + ": " + out + result.stderr());
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private static Map<String, String> ulimits(JsonNode array) {
        Map<String, String> out = new java.util.TreeMap<>();
        array.forEach(u -> out.put(u.path("Name").asText(), u.path("Soft").asLong() + "/" + u.path("Hard").asLong()));
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
