package tokyo.seisei.operator.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deserializers for the Compose fields that accept more than one form. Each turns every accepted form into
 * one Java shape, and refuses anything else with a message that names the accepted forms.
 */
final class ComposeForms {

    private ComposeForms() {
    }

    /** Base: reads the value as a tree, so each form is a plain branch on the node type. */
    abstract static class TreeDeserializer<T> extends JsonDeserializer<T> {
        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            try {
                return convert(node);
            } catch (IllegalArgumentException e) {
                return context.reportInputMismatch(this, "%s", e.getMessage());
            }
        }

        abstract T convert(JsonNode node);

        static String scalar(JsonNode node, String what) {
            if (node == null || node.isNull()) {
                return "";
            }
            if (!node.isValueNode()) {
                throw new IllegalArgumentException(what + " must be a string, not a "
                        + (node.isObject() ? "map" : "list"));
            }
            return node.asText();
        }

        static List<String> strings(JsonNode node, String what) {
            List<String> out = new ArrayList<>();
            node.forEach(item -> out.add(scalar(item, what + " entry")));
            return out;
        }

        /**
         * A boolean, or the text of one as YAML 1.2 writes it (true, True, TRUE, false, False, FALSE: an unquoted
         * value, or one from a variable, arrives as text); false when absent.
         */
        static boolean flag(JsonNode node, String what) {
            if (node.isMissingNode() || node.isNull() || node.isBoolean()) {
                return node.asBoolean(false);
            }
            if (!node.isValueNode()) {
                throw new IllegalArgumentException(what + " must be true or false, not a " + (node.isObject() ? "map" : "list"));
            }
            String text = node.asText();
            if (Set.of("true", "True", "TRUE").contains(text)) {
                return true;
            }
            if (!Set.of("false", "False", "FALSE").contains(text)) {
                throw new IllegalArgumentException(what + " must be true or false, not '" + text + "'");
            }
            return false;
        }

        static void onlyFields(JsonNode node, String what, Set<String> allowed) {
            node.fieldNames().forEachRemaining(field -> {
                if (!allowed.contains(field)) {
                    throw new IllegalArgumentException("unknown field '" + field + "' in " + what
                            + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            });
        }
    }

    /** command, entrypoint: a list, or a string split as a POSIX shell would split words. */
    static final class CommandLine extends TreeDeserializer<List<String>> {
        @Override
        List<String> convert(JsonNode node) {
            if (node.isArray()) {
                return strings(node, "each word");
            }
            return ShellWords.split(scalar(node, "the command line"));
        }
    }

    /** environment, labels, logging options: a map, or a list of KEY=VALUE. */
    static final class KeyValues extends TreeDeserializer<Map<String, String>> {
        @Override
        Map<String, String> convert(JsonNode node) {
            Map<String, String> out = new LinkedHashMap<>();
            if (node.isArray()) {
                for (String entry : strings(node, "KEY=VALUE")) {
                    int eq = entry.indexOf('=');
                    out.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
                }
            } else if (node.isObject()) {
                node.fields().forEachRemaining(e -> out.put(e.getKey(), scalar(e.getValue(), e.getKey())));
            } else {
                throw new IllegalArgumentException("must be a map or a list of KEY=VALUE");
            }
            return out;
        }
    }

    /** env_file: one path or a list of paths. */
    static final class StringOrList extends TreeDeserializer<List<String>> {
        @Override
        List<String> convert(JsonNode node) {
            return node.isArray() ? strings(node, "path") : List.of(scalar(node, "path"));
        }
    }

    /** One entry of ports: short form string or number, or the long form map. */
    static final class Ports extends TreeDeserializer<PortSpec> {
        static final Set<String> FIELDS = ComposeKeys.PORT;

        @Override
        PortSpec convert(JsonNode node) {
            if (node.isValueNode()) {
                return PortSpec.parse(node.asText());
            }
            onlyFields(node, "port", FIELDS);
            if (!node.hasNonNull("target")) {
                throw new IllegalArgumentException("port: 'target' (the container port) is required");
            }
            String published = node.path("published").asText("");
            String shortForm = (node.path("host_ip").asText("").isEmpty() ? "" : node.path("host_ip").asText() + ":")
                    + (published.isEmpty() ? "" : published + ":") + node.get("target").asText()
                    + "/" + node.path("protocol").asText("tcp");
            return PortSpec.parse(shortForm);
        }
    }

    /** One entry of volumes: short form string, or the long form map. */
    static final class Volumes extends TreeDeserializer<VolumeMount> {
        static final Set<String> FIELDS = ComposeKeys.VOLUME;

        @Override
        VolumeMount convert(JsonNode node) {
            if (node.isValueNode()) {
                return VolumeMount.parse(node.asText());
            }
            onlyFields(node, "volume", FIELDS);
            String type = node.path("type").asText(VolumeMount.VOLUME);
            if (!type.equals(VolumeMount.VOLUME) && !type.equals(VolumeMount.BIND)) {
                throw new IllegalArgumentException("volume type '" + type + "' is not supported (volume, bind)");
            }
            String target = node.path("target").asText("");
            if (!target.startsWith("/")) {
                throw new IllegalArgumentException("volume: 'target' must be an absolute container path");
            }
            String source = node.hasNonNull("source") ? node.get("source").asText() : null;
            if (type.equals(VolumeMount.BIND) && (source == null || source.isBlank())) {
                throw new IllegalArgumentException("volume of type bind needs a 'source': the host path");
            }
            return new VolumeMount(type, source, target, flag(node.path("read_only"), "volume: 'read_only'"));
        }
    }

    /** A service's networks: a list of names, or a map of name to settings (aliases). */
    static final class ServiceNetworks extends TreeDeserializer<Map<String, Service.ServiceNetwork>> {
        static final Set<String> FIELDS = ComposeKeys.SERVICE_NETWORK;

        @Override
        Map<String, Service.ServiceNetwork> convert(JsonNode node) {
            Map<String, Service.ServiceNetwork> out = new LinkedHashMap<>();
            if (node.isArray()) {
                strings(node, "network").forEach(name -> out.put(name, new Service.ServiceNetwork(List.of())));
            } else if (node.isObject()) {
                node.fields().forEachRemaining(e -> {
                    JsonNode settings = e.getValue();
                    if (settings == null || settings.isNull()) {
                        out.put(e.getKey(), new Service.ServiceNetwork(List.of()));
                        return;
                    }
                    onlyFields(settings, "network " + e.getKey(), FIELDS);
                    out.put(e.getKey(), new Service.ServiceNetwork(strings(settings.path("aliases"), "alias")));
                });
            } else {
                throw new IllegalArgumentException("networks must be a list of names or a map");
            }
            return out;
        }
    }

    /** depends_on: a list of services, or a map of service to {condition}. */
    static final class Dependencies extends TreeDeserializer<Map<String, Service.Dependency>> {
        static final Set<String> FIELDS = ComposeKeys.DEPENDENCY;

        @Override
        Map<String, Service.Dependency> convert(JsonNode node) {
            Map<String, Service.Dependency> out = new LinkedHashMap<>();
            if (node.isArray()) {
                strings(node, "service").forEach(name -> out.put(name, new Service.Dependency(null)));
            } else if (node.isObject()) {
                node.fields().forEachRemaining(e -> {
                    JsonNode settings = e.getValue();
                    if (settings != null && !settings.isNull()) {
                        onlyFields(settings, "depends_on." + e.getKey(), FIELDS);
                    }
                    String condition = settings == null ? null : settings.path("condition").asText(null);
                    out.put(e.getKey(), new Service.Dependency(condition));
                });
            } else {
                throw new IllegalArgumentException("depends_on must be a list of services or a map");
            }
            return out;
        }
    }

    /** extra_hosts: a list of HOST:IP (or HOST=IP), or a map of host to IP; always HOST:IP out, an [IPv6] unbracketed. */
    static final class ExtraHosts extends TreeDeserializer<List<String>> {
        @Override
        List<String> convert(JsonNode node) {
            List<String> out = new ArrayList<>();
            if (node.isArray()) {
                for (String entry : strings(node, "extra host")) {
                    int eq = entry.indexOf('=');
                    int cut = eq >= 0 ? eq : entry.indexOf(':');
                    out.add(cut < 0 ? entry : entry.substring(0, cut) + ":" + unbracketed(entry.substring(cut + 1)));
                }
            } else if (node.isObject()) {
                node.fields().forEachRemaining(e -> out.add(e.getKey() + ":" + unbracketed(scalar(e.getValue(), "ip"))));
            } else {
                throw new IllegalArgumentException("extra_hosts must be a list of HOST:IP or a map");
            }
            return out;
        }

        /** Compose writes an IPv6 address in brackets (host:[::1]); the engine wants it bare. */
        private static String unbracketed(String ip) {
            return ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        }
    }

    /** healthcheck.test: a string (run by the shell) or a list starting with CMD, CMD-SHELL or NONE. */
    static final class HealthTest extends TreeDeserializer<List<String>> {
        @Override
        List<String> convert(JsonNode node) {
            if (node.isArray()) {
                List<String> test = strings(node, "test");
                if (test.isEmpty() || !Set.of("CMD", "CMD-SHELL", "NONE").contains(test.get(0))) {
                    throw new IllegalArgumentException("healthcheck test list must start with CMD, CMD-SHELL or NONE");
                }
                return test;
            }
            return List.of("CMD-SHELL", scalar(node, "test"));
        }
    }

    /** expose, cap_add, cap_drop: a list of scalars, numbers read as text. */
    static final class ScalarList extends TreeDeserializer<List<String>> {
        @Override
        List<String> convert(JsonNode node) {
            if (!node.isArray()) {
                throw new IllegalArgumentException("must be a list");
            }
            return strings(node, "each entry");
        }
    }

    /** deploy: only resources.limits with memory and cpus; each other key is refused by name. */
    static final class DeployLimits extends TreeDeserializer<Service.Deploy> {
        static final String UNDER = "resources.limits";
        static final Set<String> FIELDS = ComposeKeys.DEPLOY_LIMITS;

        private static final String ONLY = " is not supported: only deploy.resources.limits (memory, cpus) applies"
                + " to a single container";

        @Override
        Service.Deploy convert(JsonNode node) {
            JsonNode limits = only(only(only(node, "deploy", "resources"), "deploy.resources", "limits"),
                    "deploy.resources.limits", FIELDS.toArray(String[]::new));
            return new Service.Deploy(limits.has("memory") ? scalar(limits.get("memory"), "memory") : null,
                    limits.has("cpus") ? scalar(limits.get("cpus"), "cpus") : null);
        }

        private static JsonNode only(JsonNode node, String what, String... allowed) {
            if (node.isMissingNode() || node.isNull()) {
                return node;
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException(what + " must be a map");
            }
            node.fieldNames().forEachRemaining(field -> {
                if (!Set.of(allowed).contains(field)) {
                    throw new IllegalArgumentException(what + "." + field + ONLY);
                }
            });
            return allowed.length == 1 ? node.path(allowed[0]) : node;
        }
    }

    /** ulimits: name to a number (soft = hard) or to {soft, hard}. */
    static final class Ulimits extends TreeDeserializer<Map<String, Service.Ulimit>> {
        static final Set<String> FIELDS = ComposeKeys.ULIMIT;

        @Override
        Map<String, Service.Ulimit> convert(JsonNode node) {
            if (!node.isObject()) {
                throw new IllegalArgumentException("ulimits must be a map of name to a number or to {soft, hard}");
            }
            Map<String, Service.Ulimit> out = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> {
                JsonNode value = e.getValue();
                String form = "ulimits." + e.getKey() + " must be a whole number or a map with soft and hard";
                if (whole(value)) {
                    out.put(e.getKey(), new Service.Ulimit(value.asLong(), value.asLong()));
                } else if (value.isObject() && whole(value.path("soft")) && whole(value.path("hard"))) {
                    onlyFields(value, "ulimits." + e.getKey(), FIELDS);
                    out.put(e.getKey(), new Service.Ulimit(value.get("soft").asLong(), value.get("hard").asLong()));
                } else {
                    throw new IllegalArgumentException(form);
                }
            });
            return out;
        }

        /** A number, or text that is one (a value from a variable arrives as text). */
        private static boolean whole(JsonNode value) {
            return value.isIntegralNumber() || value.isTextual() && value.asText().matches("-?[0-9]{1,18}");
        }
    }
}
