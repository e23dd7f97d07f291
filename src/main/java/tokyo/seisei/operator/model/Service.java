package tokyo.seisei.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;

/**
 * One service, with the Compose specification's field names and meaning. Fields that Compose accepts in
 * several forms (string or list, map or list) are normalised by the deserializers in {@link ComposeForms}.
 *
 * @param build accepted only to be refused with a clear reason: production pulls, it never builds
 * @param init  true: the engine runs its own init as PID 1, which forwards signals and reaps children
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
        Logging logging) {

    public Map<String, String> environment() {
        return environment == null ? Map.of() : environment;
    }

    public List<String> envFile() {
        return envFile == null ? List.of() : envFile;
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

    public record Logging(String driver, @JsonDeserialize(using = ComposeForms.KeyValues.class) Map<String, String> options) {
    }
}
