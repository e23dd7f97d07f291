package tokyo.seisei.operator.docker;

import static tokyo.seisei.operator.docker.DockerFailure.Kind.FAILED;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.VolumesFrom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a {@link ContainerSpec} onto a create call: Config fields, HostConfig, and the first network with its
 * aliases. The other networks are connected by the caller after the create.
 */
final class CreateContainerMapping {

    private CreateContainerMapping() {
    }

    static CreateContainerCmd apply(ContainerSpec spec, CreateContainerCmd cmd) {
        HostConfig host = HostConfig.newHostConfig();
        cmd.withName(spec.name());
        if (notEmpty(spec.command())) {
            cmd.withCmd(spec.command());
        }
        if (notEmpty(spec.entrypoint())) {
            cmd.withEntrypoint(spec.entrypoint());
        }
        if (notEmpty(spec.env())) {
            cmd.withEnv(spec.env());
        }
        if (spec.labels() != null && !spec.labels().isEmpty()) {
            cmd.withLabels(spec.labels());
        }
        ports(spec, cmd, host);
        mounts(spec, host);
        limits(spec, host);
        if (notEmpty(spec.networks())) {
            ContainerSpec.NetworkAttachment first = spec.networks().get(0);
            host.withNetworkMode(first.network());
            if (notEmpty(first.aliases())) {
                cmd.withAliases(first.aliases()); // docker-java puts them in NetworkingConfig for NetworkMode
            }
        }
        if (spec.restart() != null) {
            host.withRestartPolicy(restartPolicy(spec));
        }
        if (spec.healthcheck() != null) {
            cmd.withHealthcheck(healthcheck(spec.healthcheck()));
        }
        if (spec.user() != null) {
            cmd.withUser(spec.user());
        }
        if (spec.workingDir() != null) {
            cmd.withWorkingDir(spec.workingDir());
        }
        if (notEmpty(spec.extraHosts())) {
            host.withExtraHosts(spec.extraHosts().toArray(String[]::new));
        }
        if (spec.stopGraceSeconds() != null) {
            cmd.withStopTimeout(spec.stopGraceSeconds());
        }
        if (spec.stopSignal() != null) {
            cmd.withStopSignal(spec.stopSignal());
        }
        if (spec.networkMode() != null) {
            host.withNetworkMode(spec.networkMode());
        }
        if (spec.init() != null) {
            host.withInit(spec.init());
        }
        if (spec.logging() != null) {
            host.withLogConfig(logConfig(spec));
        }
        if (spec.tty() != null) {
            cmd.withTty(spec.tty());
        }
        if (spec.stdinOpen() != null) {
            cmd.withStdinOpen(spec.stdinOpen());
        }
        if (spec.platform() != null) {
            cmd.withPlatform(spec.platform());
        }
        if (notEmpty(spec.volumesFrom())) {
            host.withVolumesFrom(spec.volumesFrom().stream().map(VolumesFrom::parse).toList());
        }
        return cmd.withHostConfig(host);
    }

    /** Published ports, and the ports only exposed (ExposedPorts without a binding). */
    private static void ports(ContainerSpec spec, CreateContainerCmd cmd, HostConfig host) {
        Set<ExposedPort> exposed = new LinkedHashSet<>();
        for (String port : spec.expose() == null ? List.<String>of() : spec.expose()) {
            try {
                exposed.add(ExposedPort.parse(port));
            } catch (IllegalArgumentException e) {
                throw invalid(spec, "unsupported exposed port '" + port + "'");
            }
        }
        if (!notEmpty(spec.ports())) {
            if (!exposed.isEmpty()) {
                cmd.withExposedPorts(new ArrayList<>(exposed));
            }
            return;
        }
        Ports bindings = new Ports();
        for (ContainerSpec.PortBinding p : spec.ports()) {
            ExposedPort port = new ExposedPort(p.containerPort(), protocol(spec, p.protocol()));
            exposed.add(port);
            String hostIp = p.hostIp() == null || p.hostIp().isEmpty() ? null : p.hostIp(); // null: all interfaces
            String hostPort = p.hostPort() == null ? null : p.hostPort().toString(); // null: engine picks
            bindings.bind(port, new Ports.Binding(hostIp, hostPort));
        }
        cmd.withExposedPorts(new ArrayList<>(exposed));
        host.withPortBindings(bindings);
    }

    /** Memory and CPU limits, capabilities, ulimits, sysctls and /dev/shm: HostConfig fields, each only when set. */
    private static void limits(ContainerSpec spec, HostConfig host) {
        if (spec.memoryBytes() != null) {
            host.withMemory(spec.memoryBytes());
        }
        if (spec.nanoCpus() != null) {
            host.withNanoCPUs(spec.nanoCpus());
        }
        if (notEmpty(spec.capAdd())) {
            host.withCapAdd(capabilities(spec, spec.capAdd()));
        }
        if (notEmpty(spec.capDrop())) {
            host.withCapDrop(capabilities(spec, spec.capDrop()));
        }
        if (spec.ulimits() != null && !spec.ulimits().isEmpty()) {
            host.withUlimits(spec.ulimits().entrySet().stream()
                    .map(e -> new Ulimit(e.getKey(), e.getValue().soft(), e.getValue().hard())).toList());
        }
        if (spec.sysctls() != null && !spec.sysctls().isEmpty()) {
            host.withSysctls(spec.sysctls());
        }
        if (spec.shmBytes() != null) {
            host.withShmSize(spec.shmBytes());
        }
    }

    /** The engine takes NET_ADMIN and CAP_NET_ADMIN alike; docker-java's names have no prefix. */
    private static Capability[] capabilities(ContainerSpec spec, List<String> names) {
        Capability[] out = new Capability[names.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Capability.valueOf(names.get(i).replaceFirst("^CAP_", ""));
            } catch (IllegalArgumentException e) {
                throw invalid(spec, "unknown capability '" + names.get(i) + "'");
            }
        }
        return out;
    }

    private static InternetProtocol protocol(ContainerSpec spec, String protocol) {
        try {
            return protocol == null ? InternetProtocol.TCP : InternetProtocol.parse(protocol);
        } catch (IllegalArgumentException e) {
            throw invalid(spec, "unsupported port protocol '" + protocol + "'");
        }
    }

    /** Named volumes go in Mounts; bind mounts go in Binds, which creates a missing host path like compose. */
    private static void mounts(ContainerSpec spec, HostConfig host) {
        if (!notEmpty(spec.mounts())) {
            return;
        }
        List<Mount> volumes = new ArrayList<>();
        List<Bind> binds = new ArrayList<>();
        for (ContainerSpec.Mount m : spec.mounts()) {
            switch (m.type()) {
                case "volume" -> volumes.add(new Mount().withType(MountType.VOLUME).withSource(m.source())
                        .withTarget(m.target()).withReadOnly(m.readOnly()));
                case "bind" -> binds.add(new Bind(m.source(), new Volume(m.target()),
                        m.readOnly() ? AccessMode.ro : AccessMode.rw));
                default -> throw invalid(spec, "unsupported mount type '" + m.type() + "'");
            }
        }
        if (!volumes.isEmpty()) {
            host.withMounts(volumes);
        }
        if (!binds.isEmpty()) {
            host.withBinds(binds);
        }
    }

    private static RestartPolicy restartPolicy(ContainerSpec spec) {
        try {
            return RestartPolicy.parse(spec.restart()); // no | always | unless-stopped | on-failure[:N]
        } catch (IllegalArgumentException e) {
            throw invalid(spec, "unsupported restart policy '" + spec.restart() + "'");
        }
    }

    private static HealthCheck healthcheck(ContainerSpec.Healthcheck h) {
        return new HealthCheck()
                .withTest(h.test())
                .withInterval(h.intervalNanos())
                .withTimeout(h.timeoutNanos())
                .withRetries(h.retries())
                .withStartPeriod(h.startPeriodNanos());
    }

    private static LogConfig logConfig(ContainerSpec spec) {
        LogConfig.LoggingType type = LogConfig.LoggingType.fromValue(spec.logging().driver());
        if (type == null) {
            throw invalid(spec, "unsupported logging driver '" + spec.logging().driver() + "'");
        }
        Map<String, String> options = spec.logging().options();
        return new LogConfig(type, options == null || options.isEmpty() ? null : options);
    }

    private static DockerFailure invalid(ContainerSpec spec, String why) {
        return new DockerFailure(FAILED, "Cannot create container " + spec.name() + ": " + why);
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }
}
