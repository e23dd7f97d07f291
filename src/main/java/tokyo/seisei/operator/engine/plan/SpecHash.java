package tokyo.seisei.operator.engine.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tokyo.seisei.operator.docker.ContainerSpec;

/**
 * SHA-256 over a canonical JSON form of a container spec: same spec, same hash, whatever the map order. And a short
 * digest of each field, kept in a label, so that a plan can say which fields changed without keeping their values
 * (an environment holds secrets).
 */
final class SpecHash {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private SpecHash() {
    }

    /** The Compose names people know the spec's fields by. */
    private static final Map<String, String> COMPOSE_NAMES = Map.ofEntries(Map.entry("env", "environment"),
            Map.entry("mounts", "volumes"), Map.entry("extraHosts", "extra_hosts"),
            Map.entry("stopGraceSeconds", "stop_grace_period"), Map.entry("stopSignal", "stop_signal"),
            Map.entry("workingDir", "working_dir"), Map.entry("name", "container_name"),
            Map.entry("memoryBytes", "mem_limit"), Map.entry("nanoCpus", "cpus"), Map.entry("capAdd", "cap_add"),
            Map.entry("capDrop", "cap_drop"), Map.entry("networkMode", "network_mode"),
            Map.entry("shmBytes", "shm_size"), Map.entry("stdinOpen", "stdin_open"),
            Map.entry("volumesFrom", "volumes_from"));

    /** "command=1a2b3c4d,env=..." : each field of the spec that is set, with the first 8 hex of its SHA-256. */
    static String fieldDigests(ContainerSpec spec) {
        JsonNode tree = CANONICAL.valueToTree(spec);
        Map<String, String> digests = new TreeMap<>();
        tree.fields().forEachRemaining(field -> {
            if (!field.getValue().isNull()) {
                digests.put(field.getKey(), sha256(field.getValue().toString()).substring(0, 8));
            }
        });
        return digests.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    /** The fields that differ between two {@link #fieldDigests}, by their Compose names; empty when one is unknown. */
    static List<String> changedFields(String before, String after) {
        if (before == null || after == null || before.isEmpty()) {
            return List.of();
        }
        Map<String, String> was = parse(before);
        Map<String, String> is = parse(after);
        Set<String> fields = new TreeSet<>(was.keySet());
        fields.addAll(is.keySet());
        return fields.stream().filter(f -> !Objects.equals(was.get(f), is.get(f)))
                .map(f -> COMPOSE_NAMES.getOrDefault(f, f)).toList();
    }

    private static Map<String, String> parse(String digests) {
        Map<String, String> fields = new TreeMap<>();
        for (String pair : digests.split(",")) {
            int at = pair.indexOf('=');
            if (at > 0) {
                fields.put(pair.substring(0, at), pair.substring(at + 1));
            }
        }
        return fields;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String of(ContainerSpec spec) {
        try {
            byte[] json = CANONICAL.writeValueAsString(spec).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
