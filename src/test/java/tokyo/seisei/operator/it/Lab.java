package tokyo.seisei.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What the integration tests share: the lab's images, free ports, unique stack names, a person's docker
 * CLI, and cleanup of everything a test made. The lab (make lab) must be up.
 */
public final class Lab {

    public static final String APP = "localhost:5000/lab/app";
    public static final String POSTGRES = "localhost:5000/lab/postgres:15";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Lab() {
    }

    /** A stack name no other test run uses, e.g. it-3f9a1c-web. */
    public static String uniqueStack(String suffix) {
        return "it-" + UUID.randomUUID().toString().substring(0, 6) + "-" + suffix;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(Path dir, String stack, String yaml) {
        try {
            Files.writeString(dir.resolve(stack + ".yaml"), yaml);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A metric in a Prometheus text ({@code /q/metrics}), summed over its labels; 0 when it is not there. */
    public static double metric(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** GET http://127.0.0.1:port/path: "status body", or "down" when nothing answers. */
    public static String get(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body().strip();
        } catch (IOException e) {
            return "down";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "down";
        }
    }

    /** Runs the docker CLI as a person would; returns its stdout, failing the test on a non-zero exit. */
    public static String docker(String... args) {
        Result result = run(dockerCommand(args));
        assertEquals(0, result.exitCode(), () -> "docker " + String.join(" ", args) + " failed: " + result.output());
        return result.output().strip();
    }

    /**
     * Removes every container (the operator's, and those docker compose made for a project of the stack's name),
     * network and volume of the stacks named, whatever state they are in, and the local
     * tags of images in repositories named after them (localhost:5000/<stack>/...). Networks and volumes go by
     * name: the stack's own (<stack>_...) and any other a test named after its stack (<stack>-...).
     */
    public static void cleanUp(String... stacks) {
        for (String stack : stacks) {
            String ids = (run(dockerCommand("ps", "-aq", "--filter", "label=tokyo.seisei.operator.stack=" + stack)).output()
                    + " " + run(dockerCommand("ps", "-aq", "--filter", "label=com.docker.compose.project=" + stack)).output()).strip();
            if (!ids.isEmpty()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f", "-v"));
                rm.addAll(List.of(ids.split("\\s+")));
                run(dockerCommand(rm.toArray(String[]::new)));
            }
            String networks = run(dockerCommand("network", "ls", "-q", "--filter", "name=^" + stack + "[_-]")).output().strip();
            for (String id : networks.isEmpty() ? new String[0] : networks.split("\\s+")) {
                run(dockerCommand("network", "rm", id));
            }
            String volumes = run(dockerCommand("volume", "ls", "-q", "--filter", "name=^" + stack + "[_-]")).output().strip();
            for (String name : volumes.isEmpty() ? new String[0] : volumes.split("\\s+")) {
                run(dockerCommand("volume", "rm", "-f", name));
            }
            String images = run(dockerCommand("images", "--format", "{{.Repository}}:{{.Tag}}", "--filter",
                    "reference=localhost:5000/" + stack + "/*")).output().strip();
            for (String image : images.isEmpty() ? new String[0] : images.split("\\s+")) {
                if (!image.endsWith(":<none>")) {
                    run(dockerCommand("rmi", image));
                }
            }
        }
    }

    /**
     * Publishes the lab app image of a lab tag (e.g. sha-1a2b3c4) as another image of the lab registry
     * (repository:tag), e.g. in a repository named after the test's stack, so that moving its tags or counting its
     * pulls disturbs and is disturbed by no other test.
     */
    public static void publish(String labTag, String image) {
        docker("pull", "-q", APP + ":" + labTag);
        docker("tag", APP + ":" + labTag, image);
        docker("push", "-q", image);
    }

    /**
     * The images of a repository the engine pulled between two instants (repository:tag, or repository@digest),
     * oldest first, as the engine's event log names them, read with the docker CLI.
     */
    public static List<String> pulls(String repository, java.time.Instant since, java.time.Instant until) {
        return docker("events", "--since", unixTime(since), "--until", unixTime(until), "--filter", "type=image",
                "--filter", "event=pull", "--format", "{{.ID}}").lines()
                .filter(image -> image.startsWith(repository + ":") || image.startsWith(repository + "@")).toList();
    }

    private static String unixTime(java.time.Instant instant) {
        return instant.getEpochSecond() + "." + String.format("%09d", instant.getNano());
    }

    public record Result(int exitCode, String output, String errors) {
    }

    public static Result run(List<String> command) {
        return run(command, java.util.Map.of());
    }

    /** Runs a command from an argument array (never a shell string), with extra environment variables. */
    public static Result run(List<String> command, java.util.Map<String, String> env) {
        return run(command, env, Path.of(""));
    }

    /** The same, in a working directory of its own. */
    public static Result run(List<String> command, java.util.Map<String, String> env, Path workingDir) {
        try {
            Path out = Files.createTempFile("lab-out", ".txt");
            Path err = Files.createTempFile("lab-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .directory(workingDir.toAbsolutePath().toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> dockerCommand(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker");
        command.addAll(List.of(args));
        return command;
    }
}
