package tokyo.seisei.operator.docker;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to create one container, already rendered from the desired state: names resolved,
 * variables interpolated, durations converted. Empty lists and maps mean "not set"; null means "engine
 * default" for the scalar fields.
 *
 * @param name            container name
 * @param command         Cmd, or null to keep the image's
 * @param entrypoint      Entrypoint, or null to keep the image's
 * @param env             KEY=VALUE entries in a stable order
 * @param ports           published ports
 * @param mounts          named volumes and bind mounts
 * @param networks        first one is the network the container is created on; the others are connected
 *                        before start
 * @param restart         no | always | on-failure[:N] | unless-stopped, or null
 * @param stopGraceSeconds seconds between SIGTERM and SIGKILL on stop, or null for the engine default
 * @param stopSignal      the signal a stop sends first (e.g. SIGINT), or null for the image's (SIGTERM by default)
 * @param init            true: the engine's own init runs as PID 1 and forwards signals; null for the engine default.
 *                        Left out of the JSON form when null, so the spec hash of a service without it stays what it was
 * @param expose          container ports (e.g. 8080/tcp) made known to other containers, not published; like the
 *                        fields after it, left out of the JSON form when empty, so older hashes stay what they were
 * @param memoryBytes     memory limit in bytes, or null for none
 * @param nanoCpus        CPU limit in billionths of a CPU, or null for none
 * @param capAdd          Linux capabilities added to the engine's default set
 * @param capDrop         Linux capabilities dropped from it
 * @param ulimits         by name (nofile, nproc, ...): the soft and hard limits
 * @param sysctls         namespaced kernel parameters, e.g. net.core.somaxconn
 * @param networkMode     host | none | bridge, or null for the stack's networks in {@code networks}
 * @param shmBytes        the size of /dev/shm in bytes, or null for the engine's (64m)
 * @param tty             true: a terminal is allocated; null for the engine default (none)
 * @param stdinOpen       true: stdin is kept open; null for the engine default (closed)
 * @param platform        os/arch[/variant] the image is pulled and the container created for, or null for the host's
 * @param volumesFrom     containers whose volumes this one mounts too, as NAME:ro or NAME:rw (HostConfig.VolumesFrom)
 */
public record ContainerSpec(
        String name,
        String image,
        List<String> command,
        List<String> entrypoint,
        List<String> env,
        Map<String, String> labels,
        List<PortBinding> ports,
        List<Mount> mounts,
        List<NetworkAttachment> networks,
        String restart,
        Healthcheck healthcheck,
        String user,
        String workingDir,
        List<String> extraHosts,
        Integer stopGraceSeconds,
        String stopSignal,
        LogConfig logging,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean init,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> expose,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long memoryBytes,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long nanoCpus,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> capAdd,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> capDrop,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Ulimit> ulimits,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> sysctls,
        @JsonInclude(JsonInclude.Include.NON_NULL) String networkMode,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long shmBytes,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean tty,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean stdinOpen,
        @JsonInclude(JsonInclude.Include.NON_NULL) String platform,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> volumesFrom) {

    /** A spec with init and without the resource, capability, kernel and network-mode settings. */
    public ContainerSpec(String name, String image, List<String> command, List<String> entrypoint, List<String> env,
                         Map<String, String> labels, List<PortBinding> ports, List<Mount> mounts,
                         List<NetworkAttachment> networks, String restart, Healthcheck healthcheck, String user,
                         String workingDir, List<String> extraHosts, Integer stopGraceSeconds, String stopSignal,
                         LogConfig logging, Boolean init) {
        this(name, image, command, entrypoint, env, labels, ports, mounts, networks, restart, healthcheck, user, workingDir,
                extraHosts, stopGraceSeconds, stopSignal, logging, init, List.of(), null, null, List.of(), List.of(),
                Map.of(), Map.of(), null, null, null, null, null, List.of());
    }

    /** A spec without init: the engine's default. */
    public ContainerSpec(String name, String image, List<String> command, List<String> entrypoint, List<String> env,
                         Map<String, String> labels, List<PortBinding> ports, List<Mount> mounts,
                         List<NetworkAttachment> networks, String restart, Healthcheck healthcheck, String user,
                         String workingDir, List<String> extraHosts, Integer stopGraceSeconds, String stopSignal,
                         LogConfig logging) {
        this(name, image, command, entrypoint, env, labels, ports, mounts, networks, restart, healthcheck, user, workingDir,
                extraHosts, stopGraceSeconds, stopSignal, logging, null);
    }

    /**
     * @param hostIp        empty for all interfaces
     * @param hostPort      null to let the engine choose
     * @param protocol      tcp | udp
     */
    /**
     * The same spec with the anonymous volumes of a container it replaces taken over, as Compose does: a mount
     * declared without a source, or not declared at all (an image VOLUME), gets the old container's volume, so
     * its data survives the replacement. Named volumes and binds stay as declared.
     */
    public ContainerSpec takingOver(Map<String, String> anonymousVolumes) {
        if (anonymousVolumes.isEmpty()) {
            return this;
        }
        List<Mount> taken = new java.util.ArrayList<>();
        java.util.Set<String> declared = new java.util.HashSet<>();
        for (Mount mount : mounts) {
            declared.add(mount.target());
            String old = anonymousVolumes.get(mount.target());
            taken.add("volume".equals(mount.type()) && mount.source() == null && old != null
                    ? new Mount("volume", old, mount.target(), mount.readOnly()) : mount);
        }
        anonymousVolumes.forEach((target, volume) -> {
            if (!declared.contains(target)) {
                taken.add(new Mount("volume", volume, target, false));
            }
        });
        return new ContainerSpec(name, image, command, entrypoint, env, labels, ports, List.copyOf(taken), networks,
                restart, healthcheck, user, workingDir, extraHosts, stopGraceSeconds, stopSignal, logging, init,
                expose, memoryBytes, nanoCpus, capAdd, capDrop, ulimits, sysctls, networkMode, shmBytes, tty, stdinOpen, platform, volumesFrom);
    }

    /** The same spec under another container name. */
    public ContainerSpec named(String other) {
        return new ContainerSpec(other, image, command, entrypoint, env, labels, ports, mounts, networks, restart,
                healthcheck, user, workingDir, extraHosts, stopGraceSeconds, stopSignal, logging, init,
                expose, memoryBytes, nanoCpus, capAdd, capDrop, ulimits, sysctls, networkMode, shmBytes, tty, stdinOpen, platform, volumesFrom);
    }

    /** The same spec with one more label, which the spec hash does not cover (the operator instance that made it). */
    public ContainerSpec labelled(String key, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(labels);
        more.put(key, value);
        return new ContainerSpec(name, image, command, entrypoint, env, java.util.Collections.unmodifiableMap(more), ports,
                mounts, networks, restart, healthcheck, user, workingDir, extraHosts, stopGraceSeconds, stopSignal, logging, init,
                expose, memoryBytes, nanoCpus, capAdd, capDrop, ulimits, sysctls, networkMode, shmBytes, tty, stdinOpen, platform, volumesFrom);
    }

    public record PortBinding(String hostIp, Integer hostPort, int containerPort, String protocol) {
    }

    /**
     * @param type   volume | bind
     * @param source volume name or absolute host path
     */
    public record Mount(String type, String source, String target, boolean readOnly) {
    }

    public record NetworkAttachment(String network, List<String> aliases) {
    }

    /**
     * Durations in nanoseconds, as the Engine API wants them; {@code test} is the Engine's form
     * (["CMD", ...], ["CMD-SHELL", "..."] or ["NONE"]).
     */
    public record Healthcheck(List<String> test, Long intervalNanos, Long timeoutNanos, Integer retries,
                              Long startPeriodNanos) {
    }

    public record LogConfig(String driver, Map<String, String> options) {
    }

    /** One resource limit; -1 means unlimited. */
    public record Ulimit(long soft, long hard) {
    }
}
