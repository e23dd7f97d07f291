package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * make run's story, {@code src/lab/story.sh}, as a person runs it, on the shipped stacks under names and host ports of
 * this run's own (and a network pool of its own), so that it runs beside any other test: each step reaches the
 * outcome it prints, the records say what it claims, the copy it started from is untouched, and the daemon it leaves
 * running answers on its URLs until it is stopped.
 */
class StoryIT {

    /** The shipped stacks and the host port each publishes. */
    static final Map<String, Integer> SHIPPED = Map.of("edge-traefik", 18080, "langbot", 18081, "ocr", 18082,
            "web-seisei", 18083, "odoo18-staging", 18069, "odoo18-prod", 18070);

    @RegisterExtension
    final LabExtension lab = new LabExtension();
    final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    final Map<String, Integer> ports = new LinkedHashMap<>();
    final int apiPort = Lab.freePort();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyStepReachesItsOutcomeAndTheDaemonKeepsAnswering() throws Exception {
        Path source = shippedUnderOwnNames();
        Map<String, String> copied = contents(source);
        Path state = lab.root().resolve("story-state");
        Path output = lab.root().resolve("story.out");
        ProcessBuilder builder = new ProcessBuilder("bash", "src/lab/story.sh").redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(Map.of("STORY_STATE_DIR", state.toString(), "STORY_SOURCE", source.toString(),
                "STORY_PREFIX", prefix, "QUARKUS_HTTP_PORT", String.valueOf(apiPort),
                "OPERATOR_NETWORK_POOL", "10.244." + 2 * ThreadLocalRandom.current().nextInt(128) + ".0/23",
                "OPERATOR_PREFLIGHT_MIN_FREE_DISK_PERCENT", "1"));
        Process story = builder.start();
        try {
            try {
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                        .failFast("the story ended", () -> !story.isAlive())
                        .until(() -> read(output).contains("  metrics      http://127.0.0.1:" + apiPort + "/q/metrics\n"));
            } catch (ConditionTimeoutException | TerminalFailureException e) {
                throw new AssertionError("the story did not reach its end: " + read(output) + "\nthe daemon's log:\n"
                        + read(state.resolve("daemon.log")), e);
            }
            String told = read(output);
            for (int step = 1; step <= 6; step++) {
                assertTrue(told.matches("(?s).*\n" + step + " [^\n]+: [^\n]+ +\\d+\\.\\ds\n.*"), "step " + step + ": " + told);
            }

            String history = read(state.resolve("deploy-history.log"));
            assertTrue(history.contains("| " + prefix + "odoo18-prod | prod | deploy | sha-2b3c4d5 | blocked | not verified on "
                    + prefix + "odoo18-staging"), history);
            assertTrue(history.contains("| " + prefix + "odoo18-prod | prod | deploy | sha-2b3c4d5 | success | FORCED: "),
                    history);
            assertTrue(history.contains("| " + prefix + "web-seisei | prod | rollback | sha-19b9b98 | success |"), history);
            assertEquals("sha-1a2b3c4", read(state.resolve("releases/verified/" + prefix + "odoo18-staging.txt")).strip());
            assertEquals("200 sha-2b3c4d5", Lab.get(ports.get("odoo18-prod"), "/version"), "prod runs the forced version");
            assertTrue(backups(state, prefix + "odoo18-prod") >= 1, "prod's database was backed up before it was replaced");
            assertTrue(read(state.resolve("status/" + prefix + "web-seisei.yaml")).contains("phase: Degraded\n"));
            assertEquals("200 sha-19b9b98", Lab.get(ports.get("web-seisei"), "/version"), "rolled back");
            assertTrue(read(state.resolve("status/" + prefix + "langbot.yaml")).contains("phase: Paused\n"));
            assertEquals("200 sha-19b9b98", Lab.get(ports.get("langbot"), "/version"), "the paused stack is left as it was");
            assertEquals(copied, contents(source), "the story changes its own copy, never the files it was given");

            assertEquals(200, get("/q/health/ready").statusCode());
            assertTrue(get("/q/metrics").body().contains("stack_operator_"));
            assertEquals(200, get("/").statusCode(), "the status page");
            String stacks = get("/api/stacks").body();
            SHIPPED.keySet().forEach(stack -> assertTrue(stacks.contains("\"" + prefix + stack + "\""), stacks));
        } finally {
            story.destroy();
            story.waitFor(90, TimeUnit.SECONDS);
        }
        assertEquals(0, story.exitValue(), "stopped as Ctrl-C stops it: " + read(output));
        assertEquals("down", Lab.get(apiPort, "/q/health/live"), "the daemon stopped with the story");
    }

    /** The shipped desired-state files, each stack named with this run's prefix and publishing on a free port. */
    private Path shippedUnderOwnNames() throws IOException {
        Path source = Files.createDirectories(lab.root().resolve("shipped"));
        for (String stack : SHIPPED.keySet()) {
            lab.adopt(prefix + stack);
            ports.put(stack, Lab.freePort());
        }
        for (String stack : SHIPPED.keySet()) {
            String yaml = Files.readString(Path.of("desired-state", stack + ".yaml"));
            for (String other : SHIPPED.keySet()) {
                yaml = yaml.replace("  name: " + other + "\n", "  name: " + prefix + other + "\n")
                        .replace("from: " + other + "\n", "from: " + prefix + other + "\n")
                        .replace("dependsOn: [" + other + "]", "dependsOn: [" + prefix + other + "]")
                        .replace("127.0.0.1:" + SHIPPED.get(other), "127.0.0.1:" + ports.get(other));
            }
            Files.writeString(source.resolve(prefix + stack + ".yaml"), yaml);
        }
        return source;
    }

    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> contents = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                contents.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return contents;
    }

    private static long backups(Path state, String stack) throws IOException {
        try (Stream<Path> folders = Files.list(state.resolve("backups").resolve(stack))) {
            return folders.filter(f -> Files.exists(f.resolve("manifest.json"))).count();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "cannot read " + file + ": " + e.getMessage();
        }
    }
}
