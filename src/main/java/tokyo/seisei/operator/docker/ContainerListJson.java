package tokyo.seisei.operator.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the answer of {@code GET /containers/json} in one streaming pass: the fields of {@link ContainerSummary}, and
 * nothing of the rest (mounts, networks, host config, fields of newer engines), which is skipped unread. A daemon
 * lists every container at every pass, so this is most of the CPU of a pass with nothing to do.
 */
final class ContainerListJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String DEFAULT_PROTOCOL = "tcp";

    private ContainerListJson() {
    }

    static List<ContainerSummary> parse(InputStream body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new JsonParseException(parser, "expected the array of containers");
            }
            List<ContainerSummary> containers = new ArrayList<>();
            for (JsonToken token = next(parser); token != JsonToken.END_ARRAY; token = next(parser)) {
                if (token == JsonToken.START_OBJECT) {
                    containers.add(container(parser));
                } else {
                    parser.skipChildren();
                }
            }
            return containers;
        }
    }

    private static ContainerSummary container(JsonParser parser) throws IOException {
        String id = null;
        List<String> names = null;
        String image = null;
        String imageId = null;
        String state = null;
        String status = null;
        Map<String, String> labels = Map.of();
        List<String> ports = List.of();
        while (next(parser) == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            next(parser);
            switch (field) {
                case "Id" -> id = text(parser);
                case "Names" -> names = texts(parser);
                case "Image" -> image = text(parser);
                case "ImageID" -> imageId = text(parser);
                case "State" -> state = text(parser);
                case "Status" -> status = text(parser);
                case "Labels" -> labels = labels(parser);
                case "Ports" -> ports = publishedPorts(parser);
                default -> parser.skipChildren();
            }
        }
        return new ContainerSummary(id, name(names), image, imageId, state, status, labels, ports);
    }

    /** The container's own name, without its leading slash: other entries ("/other/alias") come from legacy links. */
    static String name(List<String> names) {
        if (names == null || names.isEmpty()) {
            return null;
        }
        for (String name : names) {
            String bare = name.startsWith("/") ? name.substring(1) : name;
            if (!bare.contains("/")) {
                return bare;
            }
        }
        return names.get(0);
    }

    /** The host ports the container holds, e.g. "8080/tcp", once each (the engine lists them per address family). */
    private static List<String> publishedPorts(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return List.of();
        }
        Set<String> ports = new LinkedHashSet<>();
        for (JsonToken token = next(parser); token != JsonToken.END_ARRAY; token = next(parser)) {
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            Integer publicPort = null;
            String protocol = null;
            while (next(parser) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = next(parser);
                if ("PublicPort".equals(field)) {
                    publicPort = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : null;
                } else if ("Type".equals(field)) {
                    protocol = text(parser);
                }
                parser.skipChildren();
            }
            if (publicPort != null) {
                ports.add(publicPort + "/" + (protocol == null ? DEFAULT_PROTOCOL : protocol));
            }
        }
        return List.copyOf(ports);
    }

    private static Map<String, String> labels(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return Map.of();
        }
        Map<String, String> labels = new HashMap<>();
        while (next(parser) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            next(parser);
            String value = text(parser);
            if (value != null) {
                labels.put(key, value);
            }
        }
        return Map.copyOf(labels);
    }

    private static List<String> texts(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (JsonToken token = next(parser); token != JsonToken.END_ARRAY; token = next(parser)) {
            String text = text(parser);
            if (text != null) {
                texts.add(text);
            }
        }
        return texts;
    }

    /** A scalar as text; null for null, and for an object or array, which is skipped. */
    private static String text(JsonParser parser) throws IOException {
        if (parser.currentToken().isStructStart()) {
            parser.skipChildren();
            return null;
        }
        return parser.getValueAsString();
    }

    private static JsonToken next(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new JsonParseException(parser, "the list of containers ends too early");
        }
        return token;
    }
}
