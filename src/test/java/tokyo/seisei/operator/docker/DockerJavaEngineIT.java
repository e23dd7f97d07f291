package tokyo.seisei.operator.docker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.docker.DockerEngine.STACK_LABEL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the adapter against the real engine of this host (DOCKER_HOST or /var/run/docker.sock) and the lab
 * registry. The image must answer HTTP on 8080 with /health; override it with -Dit.image=...
 * Everything created carries the run's unique name prefix (containers also {@link #RUN_LABEL}) and is removed
 * afterwards.
 */
class DockerJavaEngineIT {

    static final String IMAGE = System.getProperty("it.image", "localhost:5000/lab/app:sha-1a2b3c4");
    static final String RUN = "adtest-" + UUID.randomUUID().toString().substring(0, 8);
    static final String RUN_LABEL = "tokyo.seisei.test.run";
    static final ObjectMapper JSON = new ObjectMapper();

    static DockerJavaEngine engine;

    @BeforeAll
    static void connect() {
        engine = DockerJavaEngine.connect();
        engine.pull(IMAGE);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (engine != null) {
            engine.close();
        }
        // an independent client, so that cleanup does not depend on the code under test
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        try (DockerClient docker = DockerClientImpl.getInstance(config,
                new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build())) {
            List<String> byRun = List.of(RUN_LABEL + "=" + RUN);
            docker.listContainersCmd().withShowAll(true).withLabelFilter(byRun).exec()
                    .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
            // by name prefix too: the engine creates a missing named volume on its own, without our labels
            docker.listNetworksCmd().exec().stream().filter(n -> n.getName().startsWith(RUN))
                    .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
            docker.listVolumesCmd().exec().getVolumes().stream().filter(v -> v.getName().startsWith(RUN))
                    .forEach(v -> docker.removeVolumeCmd(v.getName()).exec());
            try {
                docker.removeImageCmd(IMAGE.replaceAll(":[^:/]+$", "") + ":" + RUN).exec();
            } catch (NotFoundException expected) {
                // the missing tag was never pulled
            }
        }
    }

    @Test
    void reportsTheNegotiatedApiVersion() {
        EngineInfo info = engine.info();

        assertTrue(info.apiVersion().matches("\\d+\\.\\d+"), info.apiVersion());
        assertTrue(ApiVersionNegotiation.compare(info.apiVersion(), ApiVersionNegotiation.CEILING) <= 0,
                "never above the ceiling: " + info.apiVersion());
        assertFalse(info.serverVersion().isBlank());
        assertTrue(info.dockerRootDir().startsWith("/"), info.dockerRootDir());
    }

    @Test
    void versionRuleCoversDebianTwentyAndEnginesTwentyFiveToTwentyNine() {
        assertEquals("1.41", ApiVersionNegotiation.choose("1.41", "1.12")); // Debian 12 docker.io 20.10
        assertEquals("1.44", ApiVersionNegotiation.choose("1.44", "1.24")); // Engine 25
        assertEquals("1.44", ApiVersionNegotiation.choose("1.52", "1.44")); // Engine 29.0-29.2
        assertEquals("1.44", ApiVersionNegotiation.choose("1.53", "1.40")); // Engine 29.3+
        assertEquals("1.45", ApiVersionNegotiation.choose("1.50", "1.45")); // never below the server minimum
    }

    @Test
    void pullOfAnExistingTagLeavesTheImageWithItsRepoDigest() {
        engine.pull(IMAGE);

        ImageInfo image = engine.inspectImage(IMAGE).orElseThrow();
        String repository = IMAGE.substring(0, IMAGE.lastIndexOf(':'));
        assertTrue(image.repoDigests().stream().anyMatch(d -> d.startsWith(repository + "@sha256:")),
                image.repoDigests().toString());
    }

    @Test
    void pullOfAMissingTagFailsNamingTheReference() {
        String missing = IMAGE.substring(0, IMAGE.lastIndexOf(':')) + ":" + RUN;

        DockerFailure failure = assertThrows(DockerFailure.class, () -> engine.pull(missing));

        assertTrue(Set.of(DockerFailure.Kind.NOT_FOUND, DockerFailure.Kind.FAILED).contains(failure.kind()),
                failure.kind() + ": " + failure.getMessage());
        assertTrue(failure.getMessage().contains(missing), failure.getMessage());
        assertTrue(engine.inspectImage(missing).isEmpty());
    }

    @Test
    void refusesToPullWithoutTagOrDigestWithoutAskingTheEngine() {
        long before = engine.requestCount();

        DockerFailure failure = assertThrows(DockerFailure.class, () -> engine.pull("localhost:5000/lab/app"));

        assertEquals(DockerFailure.Kind.FAILED, failure.kind());
        assertTrue(failure.getMessage().contains("localhost:5000/lab/app"), failure.getMessage());
        assertEquals(before, engine.requestCount());
    }

    @Test
    void containerLifecycleOnTwoNetworksWithAPublishedPortAndANamedVolume() throws Exception {
        String front = RUN + "-front";
        String back = RUN + "-back";
        String volume = RUN + "-data";
        String name = RUN + "-web";
        Map<String, String> runLabels = Map.of(RUN_LABEL, RUN);
        assertFalse(engine.networkExists(front));
        assertFalse(engine.volumeExists(volume));
        engine.createNetwork(front, runLabels);
        engine.createNetwork(back, runLabels);
        engine.createVolume(volume, runLabels);
        assertTrue(engine.networkExists(front));
        assertTrue(engine.networkExists(back));
        assertTrue(engine.volumeExists(volume));

        int port = freePort();
        ContainerSpec spec = spec(name, List.of(
                new ContainerSpec.NetworkAttachment(front, List.of("web-front")),
                new ContainerSpec.NetworkAttachment(back, List.of("web-back"))), port, volume);
        String id = engine.createContainer(spec);

        ContainerDetails created = engine.inspectContainer(name).orElseThrow();
        assertEquals(id, created.id());
        assertEquals(name, created.name());
        assertEquals("created", created.status());
        assertNull(created.health(), "healthcheck NONE: no health state");
        assertEquals(RUN, created.labels().get(STACK_LABEL));
        assertSpecReachedTheEngine(JSON.readTree(created.rawJson()), front, back, volume, port);
        DockerFailure conflict = assertThrows(DockerFailure.class, () -> engine.createContainer(spec));
        assertEquals(DockerFailure.Kind.CONFLICT, conflict.kind(), conflict.getMessage());

        engine.startContainer(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.inspectContainer(id).orElseThrow().running());

        ContainerSummary listed = engine.listManagedContainers().stream()
                .filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        assertEquals(name, listed.name());
        assertEquals(IMAGE, listed.image());
        assertEquals("running", listed.state());
        assertEquals(RUN, listed.label(STACK_LABEL));
        assertEquals(RUN, listed.label(RUN_LABEL));
        assertEquals(List.of(port + "/tcp"), listed.publishedPorts(), "the host port it holds");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("ok", response.body().trim());
        });

        long before = engine.requestCount();
        engine.listManagedContainers();
        assertEquals(before + 1, engine.requestCount(), "one list call is one request");

        engine.stopContainer(id, Duration.ofSeconds(2));
        assertEquals("exited", engine.inspectContainer(id).orElseThrow().status());
        engine.stopContainer(id, Duration.ofSeconds(2)); // already stopped: no error

        String renamed = name + "-old";
        engine.renameContainer(id, renamed);
        assertEquals(id, engine.inspectContainer(renamed).orElseThrow().id());
        assertTrue(engine.inspectContainer(name).isEmpty());

        engine.removeContainer(id);
        assertTrue(engine.inspectContainer(id).isEmpty());
        engine.removeContainer(id); // already gone: no error
        engine.stopContainer(id, Duration.ofSeconds(1));
        assertTrue(engine.volumeExists(volume), "named volumes survive their container");
    }

    @Test
    void execStreamsABigBinaryStdoutIntactAndReportsExitCodesAndStderr() throws Exception {
        String name = RUN + "-exec";
        ContainerSpec spec = spec(name, List.of(), freePort(), RUN + "-exec-data");
        String id = engine.createContainer(spec);
        engine.startContainer(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.inspectContainer(id).orElseThrow().running());
        Duration deadline = Duration.ofMinutes(2);

        // 12 MiB of random bytes, every byte value included: no TTY means no CRLF translation, nothing lost
        int size = 12 * 1024 * 1024;
        ExecResult made = engine.exec(id, List.of("sh", "-c", "head -c " + size + " /dev/urandom > /tmp/blob"),
                null, null, deadline);
        assertEquals(0, made.exitCode(), made.stderr());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        engine.exec(id, List.of("sha256sum", "/tmp/blob"), null, expected, deadline);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long[] count = {0};
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                digest.update(b, off, len);
                count[0] += len;
            }
        };

        ExecResult streamed = engine.exec(id, List.of("cat", "/tmp/blob"), null, sink, deadline);

        assertEquals(0, streamed.exitCode(), streamed.stderr());
        assertEquals(size, count[0]);
        assertEquals(expected.toString(StandardCharsets.UTF_8).split("\\s+")[0], HexFormat.of().formatHex(digest.digest()));

        for (int i = 0; i < 10; i++) { // the exit code is read after the stream ends: never too early
            ExecResult failed = engine.exec(id, List.of("sh", "-c", "echo out; echo 'no such role' >&2; exit 3"),
                    null, null, deadline);
            assertEquals(3, failed.exitCode());
            assertEquals("no such role", failed.stderr());
        }
        ExecResult missing = engine.exec(id, List.of("no-such-dump"), null, new ByteArrayOutputStream(), deadline);
        assertTrue(missing.exitCode() == 126 || missing.exitCode() == 127, missing.toString());
        assertTrue(missing.stderr().startsWith("OCI runtime exec failed") && missing.stderr().contains("no-such-dump"),
                "the engine's reason, which it writes to the stdout stream: " + missing);

        OutputStream fullDisk = new OutputStream() {
            long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 1024 * 1024) {
                    throw new IOException("No space left on device");
                }
            }
        };
        UncheckedIOException notWritten = assertThrows(UncheckedIOException.class,
                () -> engine.exec(id, List.of("cat", "/tmp/blob"), null, fullDisk, deadline),
                "a failure to write the output is the caller's, not an unreachable engine");
        assertTrue(notWritten.getMessage().contains("cat /tmp/blob") && notWritten.getMessage().endsWith(
                "No space left on device"), notWritten.getMessage());
        assertEquals(0, engine.exec(id, List.of("true"), null, null, deadline).exitCode(), "the engine still answers");
        engine.removeContainer(id);
    }

    @Test
    void execFeedsStdinToItsEndSoACommandThatReadsItFinishes() throws Exception {
        String name = RUN + "-stdin";
        String id = engine.createContainer(spec(name, List.of(), freePort(), RUN + "-stdin-data"));
        engine.startContainer(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.inspectContainer(id).orElseThrow().running());
        byte[] input = new byte[3 * 1024 * 1024];
        new java.util.Random(42).nextBytes(input);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult counted = engine.exec(id, List.of("wc", "-c"), new java.io.ByteArrayInputStream(input), out, Duration.ofMinutes(1));
        assertEquals(0, counted.exitCode(), counted.stderr());
        assertEquals(String.valueOf(input.length), out.toString().strip(), "every byte arrived, and the end of input too");

        ExecResult failing = engine.exec(id, List.of("sh", "-c", "cat > /dev/null; echo refused >&2; exit 4"),
                new java.io.ByteArrayInputStream("x".getBytes()), null, Duration.ofMinutes(1));
        assertEquals(4, failing.exitCode());
        assertEquals("refused", failing.stderr());
    }

    @Test
    void listsTheContainersThatCarryALabelRunningOrNotWithTheirLabels() {
        String label = "tokyo.seisei.test." + RUN;
        String labelled = engine.createContainer(spec(RUN + "-labelled", List.of(), freePort(), RUN + "-labelled-data")
                .labelled(label, "shop"));
        engine.createContainer(spec(RUN + "-unlabelled", List.of(), freePort(), RUN + "-unlabelled-data"));

        List<ContainerSummary> listed = engine.listContainersLabelled(label);

        assertEquals(List.of(labelled), listed.stream().map(ContainerSummary::id).toList(), "a container never started too");
        assertEquals(RUN + "-labelled", listed.get(0).name());
        assertEquals("shop", listed.get(0).labels().get(label));
    }

    @Test
    void listsInOneRequestWhatDockerJavasOwnListGivesRunningStoppedOrNeverStarted() {
        String label = "tokyo.seisei.test.list." + RUN;
        int port = freePort();
        String up = engine.createContainer(spec(RUN + "-list-up", List.of(), port, RUN + "-list-up-data")
                .labelled(label, "up"));
        String down = engine.createContainer(spec(RUN + "-list-down", List.of(), freePort(), RUN + "-list-down-data")
                .labelled(label, "down"));
        String fresh = engine.createContainer(spec(RUN + "-list-new", List.of(), freePort(), RUN + "-list-new-data")
                .labelled(label, "new"));
        engine.startContainer(up);
        engine.startContainer(down);
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.inspectContainer(down).orElseThrow().running());
        engine.stopContainer(down, Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.inspectContainer(up).orElseThrow().running());

        long before = engine.requestCount();
        List<ContainerSummary> labelled = engine.listContainersLabelled(label);
        assertEquals(before + 1, engine.requestCount(), "one list call is one request");
        before = engine.requestCount();
        engine.listManagedContainers();
        assertEquals(before + 1, engine.requestCount(), "one list call is one request");

        assertEquals(Set.of(up, down, fresh), Set.copyOf(labelled.stream().map(ContainerSummary::id).toList()));
        Map<String, ContainerSummary> byId = new java.util.HashMap<>();
        labelled.forEach(c -> byId.put(c.id(), c));
        assertEquals(List.of(port + "/tcp"), byId.get(up).publishedPorts());
        assertEquals(List.of("running", "exited", "created"),
                List.of(byId.get(up).state(), byId.get(down).state(), byId.get(fresh).state()));
        assertEquals(RUN + "-list-down", byId.get(down).name());
        assertEquals("down", byId.get(down).label(label));
        try (DockerClient docker = versionedClient()) {
            // the status line says how long ago ("Up 2 seconds"): asked again until both lists were taken in the same second
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<ContainerSummary> reference = byId(docker.listContainersCmd().withShowAll(true)
                        .withLabelFilter(List.of(label)).exec().stream().map(DockerJavaContainerMapping::summary));
                assertEquals(reference, byId(engine.listContainersLabelled(label).stream()));
                assertEquals(reference, byId(engine.listManagedContainers().stream()
                        .filter(c -> byId.containsKey(c.id()))));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ContainerSummary> byId(java.util.stream.Stream<ContainerSummary> containers) {
        return containers.sorted(java.util.Comparator.comparing(ContainerSummary::id)).toList();
    }

    /** docker-java's own client, at the version the engine under test negotiated. */
    private static DockerClient versionedClient() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withApiVersion(engine.info().apiVersion()).build();
        return DockerClientImpl.getInstance(config,
                new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    }

    @Test
    void aFailedNetworkAttachmentLeavesNoHalfMadeContainer() {
        String front = RUN + "-only";
        engine.createNetwork(front, Map.of(RUN_LABEL, RUN));
        String name = RUN + "-half";
        // the engine refuses "host" as an additional network even before start (a missing network it would
        // accept on a created container, failing only at start)
        ContainerSpec spec = spec(name, List.of(new ContainerSpec.NetworkAttachment(front, List.of()),
                new ContainerSpec.NetworkAttachment("host", List.of())), freePort(), RUN + "-half-data");

        DockerFailure failure = assertThrows(DockerFailure.class, () -> engine.createContainer(spec));

        assertTrue(failure.getMessage().contains("connect container " + name + " to network host"),
                failure.getMessage());
        assertTrue(engine.inspectContainer(name).isEmpty());
    }

    @Test
    void anEngineThatIsDownAtConstructionIsReportedAndRetriedLater() throws Exception {
        Path dir = Files.createTempDirectory(RUN);
        Path socket = dir.resolve("docker.sock");
        String host = "unix://" + socket;
        try (DockerJavaEngine late = new DockerJavaEngine(host)) {
            DockerFailure down = assertThrows(DockerFailure.class, late::info);
            assertEquals(DockerFailure.Kind.UNREACHABLE, down.kind());
            assertTrue(down.getMessage().startsWith("Docker engine at " + host + " is not reachable: "),
                    down.getMessage());
            assertTrue(down.transientFailure());
            DockerFailure notListed = assertThrows(DockerFailure.class, late::listManagedContainers);
            assertEquals(DockerFailure.Kind.UNREACHABLE, notListed.kind());
            assertTrue(notListed.getMessage().startsWith("Docker engine at " + host + " is not reachable: "),
                    notListed.getMessage());

            // the engine "comes back"
            Files.createSymbolicLink(socket, Path.of(engineSocket()));
            assertEquals(engine.info().apiVersion(), late.info().apiVersion());
        } finally {
            Files.deleteIfExists(socket);
            Files.delete(dir);
        }
    }

    private static void assertSpecReachedTheEngine(JsonNode inspect, String front, String back, String volume,
                                                   int port) {
        JsonNode config = inspect.path("Config");
        JsonNode hostConfig = inspect.path("HostConfig");
        assertTrue(texts(config.path("Env")).contains("GREETING=hello"), config.toString());
        assertEquals(List.of("NONE"), texts(config.path("Healthcheck").path("Test")));
        assertEquals(2_000_000_000L, config.path("Healthcheck").path("Interval").asLong());
        assertEquals(3, config.path("StopTimeout").asInt());
        assertEquals("SIGTERM", config.path("StopSignal").asText());

        JsonNode binding = hostConfig.path("PortBindings").path("8080/tcp").path(0);
        assertEquals("127.0.0.1", binding.path("HostIp").asText());
        assertEquals(String.valueOf(port), binding.path("HostPort").asText());
        assertEquals("on-failure", hostConfig.path("RestartPolicy").path("Name").asText());
        assertEquals(2, hostConfig.path("RestartPolicy").path("MaximumRetryCount").asInt());
        assertEquals(List.of("db.example.test:10.0.0.2"), texts(hostConfig.path("ExtraHosts")));
        assertEquals("json-file", hostConfig.path("LogConfig").path("Type").asText());
        assertEquals("1m", hostConfig.path("LogConfig").path("Config").path("max-size").asText());
        assertEquals(front, hostConfig.path("NetworkMode").asText());

        JsonNode mount = hostConfig.path("Mounts").path(0);
        assertEquals(List.of("volume", volume, "/data"),
                List.of(mount.path("Type").asText(), mount.path("Source").asText(), mount.path("Target").asText()));

        JsonNode networks = inspect.path("NetworkSettings").path("Networks");
        assertTrue(texts(networks.path(front).path("Aliases")).contains("web-front"), networks.toString());
        assertTrue(texts(networks.path(back).path("Aliases")).contains("web-back"), networks.toString());
    }

    private static ContainerSpec spec(String name, List<ContainerSpec.NetworkAttachment> networks, int port,
                                      String volume) {
        return new ContainerSpec(
                name,
                IMAGE,
                null,
                null,
                List.of("GREETING=hello"),
                Map.of(STACK_LABEL, RUN, RUN_LABEL, RUN),
                List.of(new ContainerSpec.PortBinding("127.0.0.1", port, 8080, "tcp")),
                List.of(new ContainerSpec.Mount("volume", volume, "/data", false)),
                networks,
                "on-failure:2",
                new ContainerSpec.Healthcheck(List.of("NONE"), 2_000_000_000L, null, null, null),
                null,
                null,
                List.of("db.example.test:10.0.0.2"),
                3,
                "SIGTERM",
                new ContainerSpec.LogConfig("json-file", Map.of("max-size", "1m")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.asText()));
        return result;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String engineSocket() {
        String host = DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost().toString();
        return host.startsWith("unix://") ? host.substring("unix://".length()) : "/var/run/docker.sock";
    }
}
