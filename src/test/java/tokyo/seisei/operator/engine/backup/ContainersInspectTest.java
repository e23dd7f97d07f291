package tokyo.seisei.operator.engine.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.ContainerSummary;

/** A backup's containers.json holds no secret in clear: not in Config.Env, nor in a command or a healthcheck. */
class ContainersInspectTest {

    @Test
    void aSecretSubstitutedIntoACommandOrAHealthcheckIsMaskedAsInTheEnvironment() throws IOException {
        String raw = """
                {"Id": "id-cache", "Name": "/shop-cache",
                 "Args": ["--requirepass", "r3dis-pw-123"],
                 "Config": {"Env": ["REDIS_PASSWORD=r3dis-pw-123", "LANG=C"],
                            "Cmd": ["redis-server", "--requirepass", "r3dis-pw-123"],
                            "Entrypoint": ["sh", "-c", "exec redis-server --requirepass r3dis-pw-123"],
                            "Healthcheck": {"Test": ["CMD-SHELL", "redis-cli -a r3dis-pw-123 ping"], "Retries": 3},
                            "Labels": {"com.docker.compose.service": "cache"}}}
                """;
        ContainerDetails cache = new ContainerDetails("id-cache", "shop-cache", "redis:7", "sha256:1", "running", null, null,
                0, null, "no", Map.of(), Map.of(), raw);
        ContainerSummary listed = new ContainerSummary("id-cache", "shop-cache", "redis:7", "sha256:1", "running", "Up",
                Map.of("com.docker.compose.service", "cache"));

        String written = new String(ContainersInspect.of(List.of(listed), Map.of("id-cache", cache), null,
                Set.of("r3dis-pw-123")), StandardCharsets.UTF_8);

        assertFalse(written.contains("r3dis-pw-123"), written);
        JsonNode inspect = new ObjectMapper().readTree(written).get(0);
        assertEquals("[\"--requirepass\",\"****\"]", inspect.get("Args").toString());
        assertEquals("[\"REDIS_PASSWORD=****\",\"LANG=C\"]", inspect.at("/Config/Env").toString());
        assertEquals("[\"redis-server\",\"--requirepass\",\"****\"]", inspect.at("/Config/Cmd").toString());
        assertEquals("exec redis-server --requirepass ****", inspect.at("/Config/Entrypoint/2").asText());
        assertEquals("redis-cli -a **** ping", inspect.at("/Config/Healthcheck/Test/1").asText());
        assertEquals(3, inspect.at("/Config/Healthcheck/Retries").asInt());
        assertEquals("cache", inspect.at("/Config/Labels/com.docker.compose.service").asText());
    }
}
