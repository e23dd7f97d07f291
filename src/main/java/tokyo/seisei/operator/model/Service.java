package tokyo.seisei.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One service, with the Compose specification's field names and meaning. Fields that Compose accepts in
 * several forms (string or list, map or list) are normalised by the deserializers in {@link ComposeForms}.
 *
 * @param build accepted only to be refused with a clear reason: production pulls, it never builds
 * @param init  true: the engine runs its own init as PID 1, which forwards signals and reaps children
 * @param expose container ports other containers may reach (informational on a user network), never published
 * @param memLimit a byte size such as 512m, or a number of bytes
 * @param cpus  how many CPUs' time the container may use, e.g. 0.5
 * @param deploy only {@code resources.limits} (memory, cpus): the rest of deploy belongs to Swarm
 * @param networkMode host | none | bridge instead of the stack's networks
 * @param shmSize the size of /dev/shm, a byte size such as 128m (PostgreSQL wants more than the engine's 64m)
 * @param tty   true: the container gets a terminal, as docker run -t
 * @param stdinOpen true: the container's stdin stays open, as docker run -i
 * @param platform the image's platform, os/arch[/variant] such as linux/amd64, for the pull and the create
 * @param volumesFrom the volumes of other containers, each {@link VolumesFrom} as written
 */
public record Service(
        String image,
        JsonNode build,
        @JsonDeserialize(using = ComposeForms.CommandLine.class) List<String> command,
        @JsonDeserialize(using = ComposeForms.CommandLine.class) List<String> entrypoint,
        @JsonDeserialize(using = ComposeForms.KeyValues.class) Map<String, String> environment,
        @JsonProperty("env_file") @JsonDeserialize(using = ComposeForms.StringOrList.class) List<String> envFile,
        @JsonDeserialize(contentUsing = ComposeForms.Ports.class) List<PortSpec> ports,
        @JsonDeserialize(contentUsing = ComposeForms.Volumes.class) List<VolumeMount> volumes,
        @JsonDeserialize(using = ComposeForms.ServiceNetworks.class) Map<String, ServiceNetwork> networks,
        @JsonDeserialize(using = ComposeForms.KeyValues.class) Map<String, String> labels,
        String restart,
        Healthcheck healthcheck,
        @JsonProperty("depends_on") @JsonDeserialize(using = ComposeForms.Dependencies.class)
        Map<String, Dependency> dependsOn,
        String user,
        @JsonProperty("working_dir") String workingDir,
        @JsonProperty("extra_hosts") @JsonDeserialize(using = ComposeForms.ExtraHosts.class) List<String> extraHosts,
        @JsonProperty("container_name") String containerName,
        @JsonProperty("stop_grace_period") String stopGracePeriod,
        @JsonProperty("stop_signal") String stopSignal,
        Boolean init,
        Logging logging,
        @JsonDeserialize(using = ComposeForms.ScalarList.class) List<String> expose,
        @JsonProperty("mem_limit") String memLimit,
        String cpus,
        @JsonDeserialize(using = ComposeForms.DeployLimits.class) Deploy deploy,
        @JsonProperty("cap_add") @JsonDeserialize(using = ComposeForms.ScalarList.class) List<String> capAdd,
        @JsonProperty("cap_drop") @JsonDeserialize(using = ComposeForms.ScalarList.class) List<String> capDrop,
        @JsonDeserialize(using = ComposeForms.Ulimits.class) Map<String, Ulimit> ulimits,
        @JsonDeserialize(using = ComposeForms.KeyValues.class) Map<String, String> sysctls,
        @JsonProperty("network_mode") String networkMode,
        @JsonProperty("shm_size") String shmSize,
        Boolean tty,
        @JsonProperty("stdin_open") Boolean stdinOpen,
        String platform,
        @JsonProperty("volumes_from") @JsonDeserialize(using = ComposeForms.ScalarList.class) List<String> volumesFrom) {

    /** Written in the file but refused by the rules, so never offered as a valid field. */
    public static final Set<String> REFUSED_FIELDS = Set.of("build");

    public Map<String, String> environment() {
        return environment == null ? Map.of() : environment;
    }

    public List<String> envFile() {
        return envFile == null ? List.of() : envFile;
    }

    /** The container's name in the stack: {@code container_name}, else {@code <stack>-<service>}. */
    public String containerNameIn(String stack, String serviceName) {
        return containerName != null ? containerName : stack + "-" + serviceName;
    }

    public List<PortSpec> ports() {
        return ports == null ? List.of() : ports;
    }

    public List<VolumeMount> volumes() {
        return volumes == null ? List.of() : volumes;
    }

    public Map<String, ServiceNetwork> networks() {
        return networks == null ? Map.of() : networks;
    }

    public Map<String, String> labels() {
        return labels == null ? Map.of() : labels;
    }

    public Map<String, Dependency> dependsOn() {
        return dependsOn == null ? Map.of() : dependsOn;
    }

    public List<String> extraHosts() {
        return extraHosts == null ? List.of() : extraHosts;
    }

    public List<String> expose() {
        return expose == null ? List.of() : expose;
    }

    public List<String> volumesFrom() {
        return volumesFrom == null ? List.of() : volumesFrom;
    }

    /**
     * The services of the stack whose containers must exist before this one is created: those of depends_on, and
     * those it takes volumes from (an entry that is not a valid volumes_from is left to the validator).
     */
    public Set<String> createdAfter() {
        Set<String> services = new java.util.LinkedHashSet<>(dependsOn().keySet());
        for (String entry : volumesFrom()) {
            VolumesFrom.read(entry).map(VolumesFrom::service).filter(java.util.Objects::nonNull).ifPresent(services::add);
        }
        return services;
    }

    public List<String> capAdd() {
        return capAdd == null ? List.of() : capAdd;
    }

    public List<String> capDrop() {
        return capDrop == null ? List.of() : capDrop;
    }

    public Map<String, Ulimit> ulimits() {
        return ulimits == null ? Map.of() : ulimits;
    }

    public Map<String, String> sysctls() {
        return sysctls == null ? Map.of() : sysctls;
    }

    /** The memory limit as written, from mem_limit or else deploy.resources.limits.memory; null when neither. */
    public String memoryLimit() {
        return memLimit != null ? memLimit : deploy == null ? null : deploy.memory();
    }

    /** The CPU limit as written, from cpus or else deploy.resources.limits.cpus; null when neither. */
    public String cpuLimit() {
        return cpus != null ? cpus : deploy == null ? null : deploy.cpus();
    }

    /** deploy.resources.limits, the one part of deploy that applies to a single container. */
    public record Deploy(String memory, String cpus) {
    }

    /** One ulimit; Compose's {@code nofile: 65535} form has soft = hard. */
    public record Ulimit(long soft, long hard) {
    }

    /** @param aliases further names of the service on that network */
    public record ServiceNetwork(List<String> aliases) {
        public List<String> aliases() {
            return aliases == null ? List.of() : aliases;
        }
    }

    /** @param condition service_started | service_healthy */
    public record Dependency(String condition) {
        public static final String STARTED = "service_started";
        public static final String HEALTHY = "service_healthy";

        public String condition() {
            return condition == null ? STARTED : condition;
        }
    }

    /** @param test a string (run by the shell) or a list starting with CMD, CMD-SHELL or NONE */
    public record Healthcheck(
            @JsonDeserialize(using = ComposeForms.HealthTest.class) List<String> test,
            String interval,
            String timeout,
            Integer retries,
            @JsonProperty("start_period") String startPeriod,
            Boolean disable) {
    }

    /** @param driver one of {@link #DRIVERS}: the engine's built-in log drivers */
    public record Logging(String driver, @JsonDeserialize(using = ComposeForms.KeyValues.class) Map<String, String> options) {
        public static final List<String> DRIVERS = List.of("json-file", "local", "journald", "syslog", "gelf", "fluentd",
                "awslogs", "splunk", "gcplogs", "etwlogs", "loki", "db", "none");
    }
}
