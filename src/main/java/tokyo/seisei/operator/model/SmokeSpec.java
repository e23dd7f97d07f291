package tokyo.seisei.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The smoke test a deploy must pass before its version counts as verified. Besides these checks, every
 * service's container must be running, stay running, and be healthy where it has a healthcheck.
 *
 * @param timeout  the whole smoke deadline (default 60s)
 * @param interval time between attempts (default 2s)
 */
public record SmokeSpec(String timeout, String interval, List<Check> checks) {

    public static final String DEFAULT_TIMEOUT = "60s";
    public static final String DEFAULT_INTERVAL = "2s";

    public List<Check> checks() {
        return checks == null ? List.of() : checks;
    }

    public String timeoutOrDefault() {
        return timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    public String intervalOrDefault() {
        return interval == null ? DEFAULT_INTERVAL : interval;
    }

    /**
     * Exactly one of {@code http}, {@code tcp} and {@code exec}.
     *
     * @param http         a URL answered with {@code expectStatus} (default 200) and, if set, a body containing
     *                     {@code expectBody}
     * @param tcp          HOST:PORT that accepts a connection
     * @param exec         a command run in a service's container that exits 0
     */
    public record Check(String http, @JsonProperty("expectStatus") Integer expectStatus,
                        @JsonProperty("expectBody") String expectBody, String tcp, Exec exec) {

        public int expectedStatus() {
            return expectStatus == null ? 200 : expectStatus;
        }
    }

    public record Exec(String service, List<String> command) {
        public List<String> command() {
            return command == null ? List.of() : command;
        }
    }
}
