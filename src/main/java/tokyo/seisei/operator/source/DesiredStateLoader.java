package tokyo.seisei.operator.source;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import tokyo.seisei.operator.model.StackDocument;

/**
 * Reads desired-state files into the model: parse, interpolate, bind strictly, validate. Never throws
 * for bad input: every problem is returned, located at its line and column.
 */
public final class DesiredStateLoader {

    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, String> environment;
    private final boolean promotionRequired;

    /** @param environment the variables {@code ${VAR}} reads, normally the operator's own environment */
    public DesiredStateLoader(Map<String, String> environment) {
        this(environment, true);
    }

    /** @param promotionRequired whether a prod stack must declare spec.promotion */
    public DesiredStateLoader(Map<String, String> environment, boolean promotionRequired) {
        this.environment = environment;
        this.promotionRequired = promotionRequired;
    }

    public static boolean isStackFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith(".");
    }

    public static String stackNameOf(Path file) {
        return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }

    /** Every stack file of a folder, by name, with the checks that span stacks (host ports, container names). */
    public List<LoadedStack> loadDirectory(Path dir) {
        List<Draft> drafts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(DesiredStateLoader::isStackFile).sorted().forEach(file -> drafts.add(read(file, null)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the desired-state folder " + dir + ": " + e.getMessage(), e);
        }
        CrossStackChecks.apply(drafts);
        return drafts.stream().map(Draft::loaded).toList();
    }

    /** One file alone; the checks that span stacks need {@link #loadDirectory}. */
    public LoadedStack load(Path file) {
        return read(file, null).loaded();
    }

    /**
     * The file as if its spec.version said {@code version}: what a manual rollback deploys, the rest of the
     * desired state unchanged.
     */
    public LoadedStack loadAtVersion(Path file, String version) {
        return read(file, version).loaded();
    }

    /** A file read and checked on its own, still open for the checks that span stacks. */
    record Draft(String name, Path file, String revision, Parsed parsed, ProblemSink sink) {
        StackDocument document() {
            return parsed.document();
        }

        LoadedStack loaded() {
            return new LoadedStack(name, file, revision, parsed.document(), sink.problems(), parsed.environment(),
                    parsed.version(), sink.secretValues());
        }
    }

    /** The model when the file fits it, and the two fields the records need even when it does not. */
    record Parsed(StackDocument document, String environment, String version) {
        static final Parsed NOTHING = new Parsed(null, null, null);
    }

    private Draft read(Path file, String versionOverride) {
        String name = stackNameOf(file);
        ProblemSink sink = new ProblemSink(file.toString());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            sink.error("", "cannot read the file: " + e.getMessage());
            return new Draft(name, file, null, Parsed.NOTHING, sink);
        }
        Parsed parsed = parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), sink, versionOverride);
        if (parsed.document() != null) {
            try {
                new StackValidator(name, file.toAbsolutePath().getParent(), sink, promotionRequired).validate(parsed.document());
            } catch (RuntimeException e) {
                // a shape no rule foresaw: one stack refused with a reason, never a pass aborted for all
                sink.error("", "cannot check this file: " + e);
            }
        }
        return new Draft(name, file, digest(bytes), parsed, sink);
    }

    private Parsed parse(String text, ProblemSink sink, String versionOverride) {
        try {
            sink.locateWith(YamlLocations.of(text));
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            sink.errorAt(mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1, "",
                    "not valid YAML: " + e.getProblem());
            return Parsed.NOTHING;
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            sink.errorAt(at == null ? 1 : at.getLineNr(), at == null ? 1 : at.getColumnNr(), "",
                    "not valid YAML: " + e.getOriginalMessage());
            return Parsed.NOTHING;
        }
        if (tree == null || !tree.isObject()) {
            sink.error("", "the file must hold one YAML mapping with apiVersion, kind, metadata and spec");
            return Parsed.NOTHING;
        }
        if (versionOverride != null && tree.get("spec") instanceof ObjectNode spec) {
            spec.put("version", versionOverride);
        }
        String environment = textAt(tree, "environment");
        String version = textAt(tree, "version");
        interpolate((ObjectNode) tree, sink);
        try {
            return new Parsed(YAML.treeToValue(tree, StackDocument.class), environment, version);
        } catch (UnrecognizedPropertyException e) {
            String path = pathOf(e);
            List<String> known = e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            String hint = Suggestions.closest(e.getPropertyName(), known)
                    .map(s -> "; did you mean '" + s + "'?").orElse("; valid fields: " + String.join(", ", known));
            sink.error(path, "unknown field '" + e.getPropertyName() + "' in " + parentOf(path) + hint);
        } catch (MismatchedInputException e) {
            String path = pathOf(e);
            sink.error(path, path + ": " + readable(e));
        } catch (JsonMappingException e) {
            sink.error(pathOf(e), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            sink.error("", e.getOriginalMessage());
        }
        return new Parsed(null, environment, version);
    }

    private static String textAt(JsonNode tree, String specField) {
        JsonNode value = tree.path("spec").path(specField);
        return value.isValueNode() ? value.asText() : null;
    }

    /** Replaces variables in every string under spec, except spec.version, which defines VERSION. */
    private void interpolate(ObjectNode root, ProblemSink sink) {
        JsonNode spec = root.get("spec");
        if (spec == null || !spec.isObject()) {
            return;
        }
        Map<String, String> variables = new HashMap<>(environment);
        JsonNode version = spec.get("version");
        if (version != null && version.isValueNode()) {
            variables.put("VERSION", version.asText());
        }
        Interpolator interpolator = new Interpolator(variables);
        spec.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("version")) {
                field.setValue(interpolate(field.getValue(), "spec." + field.getKey(), interpolator, sink));
            }
        });
        sink.redact(interpolator.secretValues());
    }

    private JsonNode interpolate(JsonNode node, String path, Interpolator interpolator, ProblemSink sink) {
        if (node.isTextual()) {
            try {
                return TextNode.valueOf(interpolator.apply(node.asText(), note -> sink.warning(path, path + ": " + note)));
            } catch (IllegalArgumentException e) {
                sink.error(path, path + ": " + e.getMessage());
                return node;
            }
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            object.fields().forEachRemaining(f -> f.setValue(interpolate(f.getValue(), path + "." + f.getKey(), interpolator, sink)));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i,
                        interpolate(node.get(i), path + "[" + i + "]", interpolator, sink));
            }
        }
        return node;
    }

    private static String readable(MismatchedInputException e) {
        String message = e.getOriginalMessage();
        if (!message.startsWith("Cannot ") && !message.startsWith("Unexpected")) {
            return message;
        }
        Class<?> type = e.getTargetType();
        if (type == null) {
            return "has the wrong type";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be a map";
        }
        if (List.class.isAssignableFrom(type)) {
            return "must be a list";
        }
        if (type == Integer.class || type == int.class || type == Long.class) {
            return "must be a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        return "must be a " + type.getSimpleName().toLowerCase();
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String parentOf(String path) {
        int cut = path.lastIndexOf('.');
        return cut < 0 ? "the document" : path.substring(0, cut);
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "sha256:" + HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
