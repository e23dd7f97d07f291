package tokyo.seisei.operator.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tokyo.seisei.operator.model.ComposeDuration;
import tokyo.seisei.operator.model.ImageReference;
import tokyo.seisei.operator.model.PortSpec;
import tokyo.seisei.operator.model.Secrets;
import tokyo.seisei.operator.model.Service;
import tokyo.seisei.operator.model.StackDocument;
import tokyo.seisei.operator.model.StackName;
import tokyo.seisei.operator.model.StackSpec;
import tokyo.seisei.operator.model.StopSignal;
import tokyo.seisei.operator.model.VolumeMount;
import tokyo.seisei.operator.model.VolumesFrom;

/** The rules one stack file must keep; each broken rule is reported at its field, all of them, not the first only. */
final class StackValidator {

    private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(:[0-9]+)?");
    /** os/arch[/variant], as the engine and the registries name a platform: linux/amd64, linux/arm/v7. */
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9_]+/[a-z0-9_]+(/[a-z0-9_]+)?");

    private final String stackName;
    private final Path baseDir;
    private final ProblemSink sink;
    private final boolean promotionRequired;
    /** Each service's env files, read once, before any rule: their secrets are masked in every problem. */
    private final Map<String, List<EnvFileRead>> envFiles = new HashMap<>();

    /** An env_file entry: the file, and its content or why it was not read. */
    private record EnvFileRead(Path file, EnvFile content, String refusal) {
    }

    StackValidator(String stackName, Path baseDir, ProblemSink sink, boolean promotionRequired) {
        this.stackName = stackName;
        this.baseDir = baseDir;
        this.sink = sink;
        this.promotionRequired = promotionRequired;
    }

    void validate(StackDocument doc) {
        if (doc.spec() != null) {
            doc.spec().services().forEach(this::readEnvFiles);
            doc.spec().services().forEach(this::maskSecrets);
        }
        if (!StackDocument.API_VERSION.equals(doc.apiVersion())) {
            sink.error("apiVersion", "apiVersion must be " + StackDocument.API_VERSION + ", not '" + doc.apiVersion() + "'");
        }
        if (!StackDocument.KIND.equals(doc.kind())) {
            sink.error("kind", "kind must be " + StackDocument.KIND + ", not '" + doc.kind() + "'");
        }
        validateName(doc.name());
        if (doc.spec() == null) {
            sink.error("spec", "spec is required");
            return;
        }
        validateSpec(doc.spec());
    }

    private void validateName(String name) {
        if (name == null) {
            sink.error("metadata", "metadata.name is required");
        } else if (!StackName.isValid(name)) {
            sink.error("metadata.name", "metadata.name '" + name + "' must match " + StackName.PATTERN_TEXT);
        } else if (!name.equals(stackName)) {
            sink.error("metadata.name", "metadata.name '" + name + "' must equal the file name '" + stackName + "'");
        }
    }

    private void validateSpec(StackSpec spec) {
        if (spec.environment() == null) {
            sink.error("spec", "spec.environment is required (staging or prod)");
        } else if (!Set.of(StackSpec.STAGING, StackSpec.PROD).contains(spec.environment())) {
            sink.error("spec.environment", "spec.environment must be staging or prod, not '" + spec.environment() + "'");
        }
        if (spec.version() == null || spec.version().isBlank()) {
            sink.error("spec", "spec.version is required: the release to run, e.g. sha-19b9b98");
        } else if (!VERSION.matcher(spec.version()).matches()) {
            sink.error("spec.version", "spec.version '" + spec.version()
                    + "' must be letters, digits, '.', '_', '+' or '-' (no spaces or '|')");
        }
        if (spec.services().isEmpty()) {
            sink.error("spec", "spec.services must declare at least one service");
        }
        List<PortSpec> hostPorts = new ArrayList<>();
        Map<String, String> containerNames = new HashMap<>();
        spec.services().forEach((name, service) -> {
            validateService(spec, name, service, hostPorts);
            if (service != null) {
                String container = service.containerNameIn(stackName, name);
                String other = containerNames.putIfAbsent(container, name);
                if (other != null) {
                    sink.error("spec.services." + name, "spec.services." + name + ": container name " + container
                            + " is already used by service " + other);
                }
            }
        });
        new SmokeRules(sink).validate(spec);
        new PromotionRules(sink, promotionRequired).validate(spec);
        new BackupRules(sink).validate(spec);
        new NetworkRules(sink).validate(spec);
        new DependencyCycles(spec.services()).find().ifPresent(cycle -> cycle(spec.services(), cycle));
    }

    private void validateService(StackSpec spec, String name, Service service, List<PortSpec> hostPorts) {
        String at = "spec.services." + name;
        if (service == null) {
            sink.error(at, at + " is empty: a service needs at least an image");
            return;
        }
        if (!SERVICE_NAME.matcher(name).matches()) {
            sink.error(at, "service name '" + name + "' must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
        }
        if (service.build() != null) {
            sink.error(at + ".build", at + ".build is not allowed: production only pulls published images");
        }
        validateImage(at, service.image());
        if (service.restart() != null && !RESTART.matcher(service.restart()).matches()) {
            sink.error(at + ".restart", at + ".restart must be no, always, unless-stopped or on-failure[:N], not '"
                    + service.restart() + "'");
        }
        if (service.containerName() != null && !SERVICE_NAME.matcher(service.containerName()).matches()) {
            sink.error(at + ".container_name", at + ".container_name '" + service.containerName()
                    + "' must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
        }
        duration(at + ".stop_grace_period", service.stopGracePeriod());
        if (service.stopSignal() != null) {
            StopSignal.problem(service.stopSignal()).ifPresent(p -> sink.error(at + ".stop_signal", at + ".stop_signal " + p));
        }
        if (service.healthcheck() != null) {
            duration(at + ".healthcheck.interval", service.healthcheck().interval());
            duration(at + ".healthcheck.timeout", service.healthcheck().timeout());
            duration(at + ".healthcheck.start_period", service.healthcheck().startPeriod());
        }
        new ContainerLimitRules(sink).validate(at, service);
        new HostsAndLoggingRules(sink).validate(at, service);
        service.dependsOn().forEach((dependency, how) -> {
            if (!spec.services().containsKey(dependency)) {
                sink.error(at + ".depends_on", at + ".depends_on names '" + dependency + "', which is not a service of this stack");
            }
            if (!Set.of(Service.Dependency.STARTED, Service.Dependency.HEALTHY).contains(how.condition())) {
                sink.error(at + ".depends_on." + dependency, at + ".depends_on." + dependency
                        + ".condition must be service_started or service_healthy, not '" + how.condition() + "'");
            }
        });
        if (service.platform() != null && !PLATFORM.matcher(service.platform()).matches()) {
            sink.error(at + ".platform", at + ".platform '" + service.platform()
                    + "' must be OS/ARCH or OS/ARCH/VARIANT in lowercase, such as linux/amd64 or linux/arm/v7");
        }
        volumesFrom(spec, name, service);
        service.networks().keySet().forEach(network -> {
            if (!network.equals("default") && !spec.networks().containsKey(network)) {
                sink.error(at + ".networks", at + ".networks names '" + network
                        + "', which is not declared under spec.networks");
            }
        });
        List<VolumeMount> volumes = service.volumes();
        for (int i = 0; i < volumes.size(); i++) {
            VolumeMount mount = volumes.get(i);
            if (mount == null) {
                sink.error(at + ".volumes[" + i + "]", at + ".volumes[" + i + "] is empty: write [SOURCE:]TARGET[:ro|rw]");
                continue;
            }
            if (VolumeMount.VOLUME.equals(mount.type()) && mount.source() != null
                    && !spec.volumes().containsKey(mount.source())) {
                sink.error(at + ".volumes[" + i + "]", at + ".volumes[" + i + "] uses volume '" + mount.source()
                        + "', which is not declared under spec.volumes");
            }
        }
        List<PortSpec> ports = service.ports();
        for (int i = 0; i < ports.size(); i++) {
            PortSpec port = ports.get(i);
            if (port == null) {
                sink.error(at + ".ports[" + i + "]", at + ".ports[" + i + "] is empty: write [HOST_IP:][HOST_PORT:]CONTAINER_PORT");
                continue;
            }
            if (port.hostPort() != null && hostPorts.stream().anyMatch(port::collidesWith)) {
                sink.error(at + ".ports[" + i + "]", at + ".ports[" + i + "] publishes host port " + port.hostKey()
                        + " twice in this stack");
            }
            hostPorts.add(port);
        }
        List<EnvFileRead> read = envFiles.getOrDefault(name, List.of());
        for (int i = 0; i < read.size(); i++) {
            EnvFileRead envFile = read.get(i);
            String field = at + ".env_file[" + i + "]";
            if (envFile.file() == null) {
                sink.error(field, field + " is not a path: " + envFile.refusal());
            } else if (envFile.content() == null) {
                sink.error(field, at + ".env_file: " + envFile.refusal());
            } else {
                envFile.content().badLines().forEach(line -> sink.error(field, field + ": " + envFile.file() + " line "
                        + line + " is not KEY=VALUE with a name of letters, digits, '_', '.' or '-' (the line is not"
                        + " shown: it may hold a secret)"));
            }
        }
    }

    /** Each entry a service of this stack other than this one, or a container outside the stack by its name. */
    private void volumesFrom(StackSpec spec, String name, Service service) {
        String at = "spec.services." + name + ".volumes_from";
        for (int i = 0; i < service.volumesFrom().size(); i++) {
            String entry = service.volumesFrom().get(i);
            String field = at + "[" + i + "]";
            java.util.Optional<VolumesFrom> read = VolumesFrom.read(entry);
            if (read.isEmpty()) {
                sink.error(field, field + " '" + entry + "' must be " + VolumesFrom.FORMS);
            } else if (name.equals(read.get().service())) {
                sink.error(field, field + " names the service itself: a container cannot take volumes from itself");
            } else if (read.get().service() != null && !spec.services().containsKey(read.get().service())) {
                sink.error(field, field + " names '" + read.get().service() + "', which is not a service of this stack"
                        + " (a container outside the stack is written container:NAME)");
            }
        }
    }

    /** A cycle of services that must each be created before the next: by depends_on alone, or with volumes_from. */
    private void cycle(Map<String, Service> definitions, List<String> services) {
        for (int i = 0; i + 1 < services.size(); i++) {
            if (!definitions.get(services.get(i)).dependsOn().containsKey(services.get(i + 1))) {
                sink.error("spec.services." + services.get(i) + ".volumes_from", "depends_on and volumes_from form a cycle"
                        + " (each service is created after those it names): " + String.join(" -> ", services));
                return;
            }
        }
        sink.error("spec.services." + services.get(0) + ".depends_on", "depends_on forms a cycle: "
                + String.join(" -> ", services));
    }

    /**
     * Each env_file of the service read once, through the one reader that opens nothing but a regular file of at
     * most {@link DesiredStateLoader#DEFAULT_MAX_FILE_SIZE} bytes (operator.max-file-size's default): a FIFO or a device named as an env_file is refused unopened.
     */
    private void readEnvFiles(String name, Service service) {
        if (service == null) {
            return;
        }
        List<EnvFileRead> read = new ArrayList<>();
        for (String written : service.envFile()) {
            Path file;
            try {
                file = baseDir.resolve(written);
            } catch (java.nio.file.InvalidPathException e) {
                read.add(new EnvFileRead(null, null, e.getMessage()));
                continue;
            }
            try {
                read.add(new EnvFileRead(file, EnvFile.read(file, DesiredStateLoader.DEFAULT_MAX_FILE_SIZE), null));
            } catch (EnvFile.Refused refused) {
                read.add(new EnvFileRead(file, null, refused.getMessage()));
            }
        }
        envFiles.put(name, read);
    }

    /**
     * The values of secret names, in the env files and under environment (written there, or substituted from a
     * variable of any name), are masked in every problem and kept as the stack's secret values, which the
     * status, history, events, notifications, failed logs and backups mask.
     */
    private void maskSecrets(String name, Service service) {
        if (service == null) {
            return;
        }
        List<String> values = new ArrayList<>();
        envFiles.getOrDefault(name, List.of()).stream().filter(read -> read.content() != null)
                .forEach(read -> read.content().values().forEach((key, value) -> {
                    if (Secrets.isSecretName(key)) {
                        values.add(value);
                    }
                }));
        service.environment().forEach((key, value) -> {
            if (value != null && !value.isEmpty() && Secrets.isSecretName(key)) {
                values.add(value);
            }
        });
        sink.redact(values);
    }

    private void validateImage(String at, String image) {
        if (image == null || image.isBlank()) {
            sink.error(at, at + ".image is required");
            return;
        }
        java.util.Optional<String> grammar = ImageReference.grammarError(image);
        if (grammar.isPresent()) {
            sink.error(at + ".image", at + ".image '" + image + "' is not an image reference [HOST[:PORT]/]PATH[:TAG][@DIGEST]: "
                    + grammar.get());
            return;
        }
        ImageReference ref = ImageReference.parse(image);
        if (!ref.pinned()) {
            sink.error(at + ".image", at + ".image '" + image + "' has no tag: name a release tag or a @sha256 digest");
        } else if (ref.digest() == null && "latest".equals(ref.tag())) {
            sink.error(at + ".image", at + ".image '" + image + "' uses the tag latest, which moves: name a release tag or a @sha256 digest");
        }
    }

    private void duration(String path, String value) {
        if (value == null) {
            return;
        }
        try {
            ComposeDuration.parse(value);
        } catch (IllegalArgumentException e) {
            sink.error(path, path + ": " + e.getMessage());
        }
    }

    /** Finds one depends_on cycle, as the list of services around it. */
    private record DependencyCycles(Map<String, Service> services) {

        java.util.Optional<List<String>> find() {
            Map<String, Integer> state = new HashMap<>();
            for (String start : services.keySet()) {
                List<String> cycle = visit(start, state, new LinkedHashSet<>());
                if (cycle != null) {
                    return java.util.Optional.of(cycle);
                }
            }
            return java.util.Optional.empty();
        }

        private List<String> visit(String name, Map<String, Integer> state, LinkedHashSet<String> trail) {
            if (state.getOrDefault(name, 0) == 2 || !services.containsKey(name) || services.get(name) == null) {
                return null;
            }
            if (trail.contains(name)) {
                List<String> cycle = new ArrayList<>(trail).subList(new ArrayList<>(trail).indexOf(name), trail.size());
                List<String> closed = new ArrayList<>(cycle);
                closed.add(name);
                return closed;
            }
            trail.add(name);
            for (String dependency : services.get(name).createdAfter()) {
                if (dependency.equals(name) && !services.get(name).dependsOn().containsKey(name)) {
                    continue; // volumes_from naming the service itself has its own problem
                }
                List<String> cycle = visit(dependency, state, trail);
                if (cycle != null) {
                    return cycle;
                }
            }
            trail.remove(name);
            state.put(name, 2);
            return null;
        }
    }
}
