package tokyo.seisei.operator.source;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tokyo.seisei.operator.model.ByteSize;
import tokyo.seisei.operator.model.Service;

/** The rules of a service's resource limits, shm_size, capabilities, ulimits, sysctls, expose and network_mode. */
final class ContainerLimitRules {

    /** The engine refuses a smaller memory limit. */
    static final long MIN_MEMORY_BYTES = 6L * 1024 * 1024;
    static final Set<String> NETWORK_MODES = Set.of("host", "none", "bridge");
    private static final Pattern CPUS = Pattern.compile("[0-9]+(\\.[0-9]{1,9})?|\\.[0-9]{1,9}");
    /** Linux's capabilities, as the engine names them (with or without CAP_). */
    private static final Set<String> CAPABILITIES = Set.of("ALL", "AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE",
            "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID",
            "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN",
            "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID", "SETPCAP", "SETUID",
            "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYSLOG", "SYS_MODULE", "SYS_NICE", "SYS_PACCT", "SYS_PTRACE",
            "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "WAKE_ALARM");
    private static final Pattern SYSCTL = Pattern.compile("[a-z0-9_]+(\\.[a-zA-Z0-9_*-]+)+");
    private static final Pattern EXPOSE = Pattern.compile("([0-9]{1,5})(-([0-9]{1,5}))?(/(tcp|udp|sctp))?");
    private static final List<String> ULIMITS = List.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    private final ProblemSink sink;

    ContainerLimitRules(ProblemSink sink) {
        this.sink = sink;
    }

    void validate(String at, Service service) {
        byteSize(at + ".mem_limit", service.memLimit());
        shmSize(at + ".shm_size", service.shmSize());
        cpus(at + ".cpus", service.cpus());
        if (service.deploy() != null) {
            String limits = at + ".deploy.resources.limits";
            byteSize(limits + ".memory", service.deploy().memory());
            cpus(limits + ".cpus", service.deploy().cpus());
            same(at + ".mem_limit", service.memLimit(), "deploy.resources.limits.memory", service.deploy().memory());
            same(at + ".cpus", service.cpus(), "deploy.resources.limits.cpus", service.deploy().cpus());
        }
        capabilities(at + ".cap_add", service.capAdd());
        capabilities(at + ".cap_drop", service.capDrop());
        service.ulimits().forEach((name, limit) -> ulimit(at + ".ulimits." + name, name, limit));
        service.sysctls().forEach((name, value) -> {
            if (!SYSCTL.matcher(name).matches()) {
                sink.error(at + ".sysctls", at + ".sysctls: '" + name
                        + "' is not a kernel parameter name such as net.core.somaxconn");
            } else if (value.isBlank()) {
                sink.error(at + ".sysctls." + name, at + ".sysctls." + name + " needs a value");
            }
        });
        for (int i = 0; i < service.expose().size(); i++) {
            expose(at + ".expose[" + i + "]", service.expose().get(i));
        }
        networkMode(at, service);
    }

    private void byteSize(String path, String value) {
        if (value == null) {
            return;
        }
        try {
            if (ByteSize.parse(value) < MIN_MEMORY_BYTES) {
                sink.error(path, path + ": '" + value + "' is below the engine's minimum of 6m");
            }
        } catch (IllegalArgumentException e) {
            sink.error(path, path + ": '" + value + "' is not a byte size such as 512m or 2g");
        }
    }

    private void shmSize(String path, String value) {
        if (value == null) {
            return;
        }
        try {
            if (ByteSize.parse(value) <= 0) {
                sink.error(path, path + ": '" + value + "' must be more than 0");
            }
        } catch (IllegalArgumentException e) {
            sink.error(path, path + ": '" + value + "' is not a byte size such as 128m or 1g");
        }
    }

    private void cpus(String path, String value) {
        if (value == null) {
            return;
        }
        if (!CPUS.matcher(value.strip()).matches()) {
            sink.error(path, path + ": '" + value + "' is not a number of CPUs such as 0.5 or 2");
        } else if (new BigDecimal(value.strip()).signum() == 0) {
            sink.error(path, path + ": '" + value + "' must be more than 0");
        }
    }

    private void same(String path, String value, String otherName, String other) {
        if (value != null && other != null && !value.strip().equals(other.strip())) {
            sink.error(path, path + ": '" + value + "' differs from " + otherName + " '" + other + "': write one of them");
        }
    }

    private void capabilities(String path, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            if (!CAPABILITIES.contains(names.get(i).replaceFirst("^CAP_", ""))) {
                sink.error(path + "[" + i + "]", path + "[" + i + "]: '" + names.get(i)
                        + "' is not a capability name such as NET_ADMIN, SYS_PTRACE or ALL");
            }
        }
    }

    private void ulimit(String path, String name, Service.Ulimit limit) {
        if (!ULIMITS.contains(name)) {
            sink.error(path, path + ": '" + name + "' is not a ulimit name (" + String.join(", ", ULIMITS) + ")");
        } else if (limit.soft() < -1 || limit.hard() < -1) {
            sink.error(path, path + ": limits must be -1 (unlimited) or more");
        } else if (limit.hard() != -1 && (limit.soft() == -1 || limit.soft() > limit.hard())) {
            sink.error(path, path + ": soft " + limit.soft() + " is above hard " + limit.hard());
        }
    }

    private void expose(String path, String value) {
        var m = EXPOSE.matcher(value.strip());
        boolean valid = m.matches() && port(m.group(1)) && (m.group(3) == null
                || port(m.group(3)) && Integer.parseInt(m.group(3)) >= Integer.parseInt(m.group(1)));
        if (!valid) {
            sink.error(path, path + ": '" + value + "' is not a port such as 8080, 8080/udp or 8000-8010");
        }
    }

    private static boolean port(String digits) {
        int port = Integer.parseInt(digits);
        return port >= 1 && port <= 65535;
    }

    /** As Compose: network_mode replaces the stack's networks; host and none publish no ports. */
    private void networkMode(String at, Service service) {
        String mode = service.networkMode();
        if (mode == null) {
            return;
        }
        if (!NETWORK_MODES.contains(mode)) {
            sink.error(at + ".network_mode", at + ".network_mode: '" + mode
                    + "' is not supported: write host, none or bridge");
            return;
        }
        if (!service.networks().isEmpty()) {
            sink.error(at + ".networks", at + ".networks cannot be combined with network_mode " + mode);
        }
        if (mode.equals("host")) {
            service.sysctls().keySet().stream().filter(name -> name.startsWith("net.")).forEach(name ->
                    sink.error(at + ".sysctls." + name, at + ".sysctls." + name + " cannot be set with network_mode host:"
                            + " the engine does not change the host's own network settings"));
        }
        if (!mode.equals("bridge") && !service.ports().isEmpty()) {
            sink.error(at + ".ports", at + ".ports cannot be published with network_mode " + mode
                    + (mode.equals("host") ? ": the container listens on the host's ports directly" : ": it has no network"));
        }
    }
}
