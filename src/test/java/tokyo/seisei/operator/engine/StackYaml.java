package tokyo.seisei.operator.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Desired-state files for the converge tests: one service {@code web} running {@code localhost:5000/lab/app:<version>},
 * and what a test adds to it. Each call returns a new builder, so a test can derive one file from another.
 */
public final class StackYaml {

    public static final String APP = "localhost:5000/lab/app";

    private final String name;
    private final String environment;
    private final String version;
    private final List<String> spec;
    private final List<String> web;
    private final List<String> trailer;

    private StackYaml(String name, String environment, String version, List<String> spec, List<String> web,
                      List<String> trailer) {
        this.name = name;
        this.environment = environment;
        this.version = version;
        this.spec = List.copyOf(spec);
        this.web = List.copyOf(web);
        this.trailer = List.copyOf(trailer);
    }

    /** A staging stack at version v1. */
    public static StackYaml stack(String name) {
        return new StackYaml(name, "staging", "v1", List.of(), List.of(), List.of());
    }

    /** The image the web service of a stack at this version runs. */
    public static String image(String version) {
        return APP + ":" + version;
    }

    public String name() {
        return name;
    }

    public StackYaml version(String v) {
        return new StackYaml(name, environment, v, spec, web, trailer);
    }

    /** A prod stack that takes only what {@code from} verified. */
    public StackYaml promotedFrom(String from) {
        return new StackYaml(name, "prod", version, with(spec, "  promotion:", "    from: " + from), web, trailer);
    }

    public StackYaml force(String forVersion, String reason) {
        return new StackYaml(name, environment, version,
                with(spec, "  force:", "    version: " + forVersion, "    reason: " + reason), web, trailer);
    }

    /** Deployed only once these stacks are Ready. */
    public StackYaml dependsOn(String... stacks) {
        return new StackYaml(name, environment, version, with(spec, "  dependsOn: [" + String.join(", ", stacks) + "]"), web,
                trailer);
    }

    public StackYaml pausedInGit() {
        return new StackYaml(name, environment, version, with(spec, "  paused: true"), web, trailer);
    }

    /** web joins an external network, which the preflight wants to exist. */
    public StackYaml externalNetwork(String network) {
        return new StackYaml(name, environment, version, with(spec, "  networks:", "    " + network + ": {external: true}"),
                with(web, "      networks: [" + network + ", default]"), trailer);
    }

    /** web joins a network of the stack's own, {@code <stack>_<key>}, declared with the lines given (e.g. its ipam). */
    public StackYaml ownNetwork(String key, String... declaration) {
        List<String> lines = new ArrayList<>(List.of("  networks:", "    " + key + ":" + (declaration.length == 0 ? " {}" : "")));
        for (String line : declaration) {
            lines.add("      " + line);
        }
        return new StackYaml(name, environment, version, with(spec, lines.toArray(String[]::new)),
                with(web, "      networks: [" + key + ", default]"), trailer);
    }

    public StackYaml envFile(String file) {
        return new StackYaml(name, environment, version, spec, with(web, "      env_file: " + file), trailer);
    }

    public StackYaml healthcheck() {
        return new StackYaml(name, environment, version, spec,
                with(web, "      healthcheck:", "        test: [\"CMD\", \"true\"]", "        interval: 1s"), trailer);
    }

    /** web's environment holds the variable. */
    public StackYaml env(String variable, String value) {
        return new StackYaml(name, environment, version, spec, with(web, "      environment:", "        " + variable + ": " + value), trailer);
    }

    /** web's stop_grace_period: how long a stop waits before the kill. */
    public StackYaml stopGracePeriod(String duration) {
        return new StackYaml(name, environment, version, spec, with(web, "      stop_grace_period: " + duration), trailer);
    }

    /** web publishes the port, e.g. "8080:80". */
    public StackYaml publishes(String port) {
        return new StackYaml(name, environment, version, spec, with(web, "      ports: [\"" + port + "\"]"), trailer);
    }

    /** web's container takes this name instead of {@code <stack>-web}. */
    public StackYaml containerName(String container) {
        return new StackYaml(name, environment, version, spec, with(web, "      container_name: " + container), trailer);
    }

    /** A misspelt field: the file does not validate. */
    public StackYaml misspelt() {
        return new StackYaml(name, environment, version, spec, with(web, "      imagee: " + APP + ":oops"), trailer);
    }

    /** A comment: the same stack, a new revision of its file. */
    public StackYaml note(String comment) {
        return new StackYaml(name, environment, version, spec, web, with(trailer, "# " + comment));
    }

    public String yaml() {
        List<String> lines = new ArrayList<>(List.of(
                "apiVersion: operator.seisei.tokyo/v1",
                "kind: Stack",
                "metadata:",
                "  name: " + name,
                "spec:",
                "  environment: " + environment,
                "  version: " + version,
                "  services:",
                "    web:",
                "      image: " + APP + ":${VERSION}"));
        lines.addAll(web);
        lines.addAll(spec);
        lines.addAll(trailer);
        return String.join("\n", lines) + "\n";
    }

    private static List<String> with(List<String> lines, String... more) {
        List<String> all = new ArrayList<>(lines);
        all.addAll(List.of(more));
        return all;
    }
}
