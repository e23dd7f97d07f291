package tokyo.seisei.operator.engine.plan;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tokyo.seisei.operator.docker.ContainerSpec;
import tokyo.seisei.operator.docker.NetworkIpam;
import tokyo.seisei.operator.model.ByteSize;
import tokyo.seisei.operator.model.ComposeDuration;
import tokyo.seisei.operator.model.NetworkDeclaration;
import tokyo.seisei.operator.model.Service;
import tokyo.seisei.operator.model.StackSpec;
import tokyo.seisei.operator.model.VolumeDeclaration;
import tokyo.seisei.operator.model.VolumeMount;
import tokyo.seisei.operator.model.VolumesFrom;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.EnvFile;
import tokyo.seisei.operator.source.LoadedStack;

/**
 * Turns a valid stack file into container specs the way Compose would: names {@code <stack>-<service>},
 * networks and volumes {@code <stack>_<name>}, the stack's own {@code <stack>_default} network.
 */
public final class StackRenderer {

    public DesiredStack render(LoadedStack loaded) {
        return render(loaded, Map.of());
    }

    /** @param pinnedImages by service: the image to run instead of the one written (a verified digest) */
    public DesiredStack render(LoadedStack loaded, Map<String, String> pinnedImages) {
        if (!loaded.valid()) {
            throw new IllegalArgumentException("stack " + loaded.name() + " is not valid");
        }
        String stack = loaded.name();
        StackSpec spec = loaded.document().spec();
        Path baseDir = loaded.file().toAbsolutePath().getParent();
        List<DesiredStack.DesiredService> services = new ArrayList<>();
        for (String name : dependencyOrder(spec.services())) {
            Service service = spec.services().get(name);
            ContainerSpec container = containerSpec(stack, name, service, spec,
                    environment(loaded.file(), name, service, baseDir), baseDir, pinnedImages.getOrDefault(name, service.image()));
            String hash = SpecHash.of(container);
            services.add(new DesiredStack.DesiredService(name, withOperatorLabels(container, stack, name, spec.version(), hash,
                    SpecHash.fieldDigests(container)), hash, service.dependsOn()));
        }
        List<DesiredStack.Resource> networks = new ArrayList<>();
        networks.add(new DesiredStack.Resource(stack + "_default", false));
        spec.networks().forEach((key, declaration) -> networks.add(new DesiredStack.Resource(networkName(stack, key, declaration),
                declaration != null && declaration.isExternal(), ipam(declaration))));
        List<DesiredStack.Resource> volumes = new ArrayList<>();
        spec.volumes().forEach((key, declaration) -> volumes.add(
                new DesiredStack.Resource(volumeName(stack, key, declaration), declaration != null && declaration.isExternal())));
        return new DesiredStack(stack, spec.environment(), spec.version(), loaded.revision(), services,
                List.copyOf(new LinkedHashSet<>(networks)), volumes, spec.pruneEnabled(), spec.backup(), spec.smoke(),
                loaded.secretValues());
    }

    /** Services with their dependencies, and the services they take volumes from, first; among equals, in file order. */
    static List<String> dependencyOrder(Map<String, Service> services) {
        List<String> ordered = new ArrayList<>();
        LinkedHashSet<String> remaining = new LinkedHashSet<>(services.keySet());
        while (!remaining.isEmpty()) {
            String next = remaining.stream()
                    .filter(name -> ordered.containsAll(services.get(name).createdAfter()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("depends_on or volumes_from cycle among " + remaining));
            ordered.add(next);
            remaining.remove(next);
        }
        return ordered;
    }

    private ContainerSpec containerSpec(String stack, String name, Service service, StackSpec spec, List<String> environment,
                                        Path baseDir, String image) {
        return new ContainerSpec(
                service.containerNameIn(stack, name),
                image,
                service.command(),
                service.entrypoint(),
                environment,
                new TreeMap<>(service.labels()),
                service.ports().stream().map(p -> new ContainerSpec.PortBinding(p.hostIp(), p.hostPort(),
                        p.containerPort(), p.protocol())).toList(),
                service.volumes().stream().map(v -> mount(stack, v, spec, baseDir)).toList(),
                service.networkMode() != null ? List.of() : networks(stack, name, service, spec),
                service.restart(),
                healthcheck(service.healthcheck()),
                service.user(),
                service.workingDir(),
                service.extraHosts(),
                service.stopGracePeriod() == null ? null
                        : (int) Math.max(0, ComposeDuration.parse(service.stopGracePeriod()).toSeconds()),
                service.stopSignal(),
                service.logging() == null ? null
                        : new ContainerSpec.LogConfig(service.logging().driver(),
                        service.logging().options() == null ? Map.of() : new TreeMap<>(service.logging().options())),
                service.init(),
                expose(service.expose()),
                service.memoryLimit() == null ? null : ByteSize.parse(service.memoryLimit()),
                service.cpuLimit() == null ? null : new BigDecimal(service.cpuLimit().strip()).movePointRight(9).longValue(),
                service.capAdd(),
                service.capDrop(),
                ulimits(service.ulimits()),
                new TreeMap<>(service.sysctls()),
                service.networkMode(),
                service.shmSize() == null ? null : ByteSize.parse(service.shmSize()),
                service.tty(),
                service.stdinOpen(),
                service.platform(),
                volumesFrom(stack, service, spec));
    }

    private static ContainerSpec withOperatorLabels(ContainerSpec spec, String stack, String service, String version,
                                                    String hash, String fields) {
        Map<String, String> labels = new TreeMap<>(spec.labels());
        labels.put(ContainerLabels.COMPOSE_PROJECT, stack);
        labels.put(ContainerLabels.COMPOSE_SERVICE, service);
        labels.put(ContainerLabels.COMPOSE_ONEOFF, "False");
        labels.put(ContainerLabels.COMPOSE_NUMBER, "1");
        labels.put(ContainerLabels.COMPOSE_CONFIG_HASH, hash);
        labels.put(ContainerLabels.STACK, stack);
        labels.put(ContainerLabels.SERVICE, service);
        labels.put(ContainerLabels.VERSION, version);
        labels.put(ContainerLabels.SPEC_HASH, hash);
        labels.put(ContainerLabels.SPEC_FIELDS, fields);
        return new ContainerSpec(spec.name(), spec.image(), spec.command(), spec.entrypoint(), spec.env(), labels,
                spec.ports(), spec.mounts(), spec.networks(), spec.restart(), spec.healthcheck(), spec.user(),
                spec.workingDir(), spec.extraHosts(), spec.stopGraceSeconds(), spec.stopSignal(), spec.logging(), spec.init(),
                spec.expose(), spec.memoryBytes(), spec.nanoCpus(), spec.capAdd(), spec.capDrop(), spec.ulimits(), spec.sysctls(),
                spec.networkMode(), spec.shmBytes(), spec.tty(), spec.stdinOpen(), spec.platform(), spec.volumesFrom());
    }

    /** Each exposed port as the engine names it, 8080/tcp; a range 8000-8002 becomes its ports. */
    private static List<String> expose(List<String> written) {
        List<String> ports = new ArrayList<>();
        for (String entry : written) {
            String[] portAndProtocol = entry.strip().split("/", 2);
            String protocol = portAndProtocol.length == 2 ? portAndProtocol[1] : "tcp";
            String[] range = portAndProtocol[0].split("-", 2);
            int first = Integer.parseInt(range[0]);
            int last = range.length == 2 ? Integer.parseInt(range[1]) : first;
            for (int port = first; port <= last; port++) {
                String name = port + "/" + protocol;
                if (!ports.contains(name)) {
                    ports.add(name);
                }
            }
        }
        return ports;
    }

    /** Each entry as the engine takes it, NAME:ro or NAME:rw: a service of the stack by its container's name. */
    private static List<String> volumesFrom(String stack, Service service, StackSpec spec) {
        return service.volumesFrom().stream().map(entry -> VolumesFrom.read(entry).orElseThrow())
                .map(from -> (from.service() != null
                        ? spec.services().get(from.service()).containerNameIn(stack, from.service()) : from.container())
                        + (from.readOnly() ? ":ro" : ":rw"))
                .toList();
    }

    private static Map<String, ContainerSpec.Ulimit> ulimits(Map<String, Service.Ulimit> written) {
        Map<String, ContainerSpec.Ulimit> limits = new TreeMap<>();
        written.forEach((name, limit) -> limits.put(name, new ContainerSpec.Ulimit(limit.soft(), limit.hard())));
        return limits;
    }

    /**
     * env_file entries first, in order, then environment, which wins, as in Compose. An env_file that became
     * something else than a regular file of at most the limit since it was checked is not opened: the render
     * fails, naming the stack file, the service and the file.
     */
    private List<String> environment(Path stackFile, String name, Service service, Path baseDir) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String envFile : service.envFile()) {
            try {
                merged.putAll(EnvFile.read(baseDir.resolve(envFile), DesiredStateLoader.DEFAULT_MAX_FILE_SIZE).values());
            } catch (EnvFile.Refused refused) {
                throw new IllegalArgumentException(stackFile + ": spec.services." + name + ".env_file: "
                        + refused.getMessage(), refused);
            }
        }
        merged.putAll(service.environment());
        return merged.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static ContainerSpec.Mount mount(String stack, VolumeMount volume, StackSpec spec, Path baseDir) {
        if (VolumeMount.BIND.equals(volume.type())) {
            String source = volume.source().startsWith("~")
                    ? System.getProperty("user.home") + volume.source().substring(1)
                    : baseDir.resolve(volume.source()).normalize().toString();
            return new ContainerSpec.Mount(VolumeMount.BIND, source, volume.target(), volume.readOnly());
        }
        String source = volume.source() == null ? null
                : volumeName(stack, volume.source(), spec.volumes().get(volume.source()));
        return new ContainerSpec.Mount(VolumeMount.VOLUME, source, volume.target(), volume.readOnly());
    }

    private static List<ContainerSpec.NetworkAttachment> networks(String stack, String service, Service definition,
                                                                   StackSpec spec) {
        Map<String, Service.ServiceNetwork> declared = definition.networks().isEmpty()
                ? Map.of("default", new Service.ServiceNetwork(List.of()))
                : definition.networks();
        List<ContainerSpec.NetworkAttachment> attachments = new ArrayList<>();
        declared.forEach((key, settings) -> {
            List<String> aliases = new ArrayList<>();
            aliases.add(service);
            settings.aliases().stream().filter(a -> !aliases.contains(a)).forEach(aliases::add);
            String engineName = key.equals("default") && !spec.networks().containsKey("default")
                    ? stack + "_default"
                    : networkName(stack, key, spec.networks().get(key));
            attachments.add(new ContainerSpec.NetworkAttachment(engineName, aliases));
        });
        return attachments;
    }

    private static String networkName(String stack, String key, NetworkDeclaration declaration) {
        if (declaration != null && declaration.name() != null) {
            return declaration.name();
        }
        return declaration != null && declaration.isExternal() ? key : stack + "_" + key;
    }

    private static NetworkIpam ipam(NetworkDeclaration declaration) {
        if (declaration == null || declaration.ipam() == null || declaration.isExternal()) {
            return null;
        }
        return new NetworkIpam(declaration.ipam().driver(), declaration.ipam().config().stream()
                .map(p -> new NetworkIpam.Pool(p.subnet(), p.ipRange(), p.gateway())).toList());
    }

    private static String volumeName(String stack, String key, VolumeDeclaration declaration) {
        if (declaration != null && declaration.name() != null) {
            return declaration.name();
        }
        return declaration != null && declaration.isExternal() ? key : stack + "_" + key;
    }

    private static ContainerSpec.Healthcheck healthcheck(Service.Healthcheck check) {
        if (check == null) {
            return null;
        }
        if (Boolean.TRUE.equals(check.disable())) {
            return new ContainerSpec.Healthcheck(List.of("NONE"), null, null, null, null);
        }
        return new ContainerSpec.Healthcheck(check.test(), nanos(check.interval()), nanos(check.timeout()),
                check.retries(), nanos(check.startPeriod()));
    }

    private static Long nanos(String duration) {
        return duration == null ? null : ComposeDuration.parse(duration).toNanos();
    }
}
