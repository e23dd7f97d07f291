package tokyo.seisei.operator.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.yaml.snakeyaml.LoaderOptions;
import tokyo.seisei.operator.model.Printable;
import tokyo.seisei.operator.model.Service;
import tokyo.seisei.operator.model.StackDocument;
import tokyo.seisei.operator.model.StackName;

/**
 * Reads desired-state files into the model: parse, interpolate, bind strictly, validate. Never throws
 * for bad input: every problem is returned, located at its line and column.
 *
 * <p>Each file is read alone and under limits, so one hostile file refuses its own stack only: only regular
 * files directly in the folder whose name makes a stack name are read (a symbolic link, a FIFO, a device or a
 * folder is refused by name, unread); a file over {@code maxFileSize} bytes is refused unread; the text must be
 * UTF-8 without control characters (tab, line feed and carriage return aside), with lines of at most
 * {@link #MAX_LINE} characters; YAML anchors and aliases, more than one document, nesting deeper than
 * {@link YamlLocations#MAX_DEPTH} levels and a key longer than {@link YamlLocations#MAX_KEY} characters are refused
 * before the document is built.
 */
public final class DesiredStateLoader {

    private static final Logger LOG = Logger.getLogger(DesiredStateLoader.class);
    /** Compiled once: every pass names every file. */
    private static final Pattern YAML_SUFFIX = Pattern.compile("\\.ya?ml$");

    /** The default of {@code operator.max-file-size}: 1 MiB, some hundred times the largest stack file shipped. */
    public static final long DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

    /**
     * The longest line read. The YAML scanner's work grows with the square of a line's length, so this bounds
     * a pass whatever the file holds; a value that long belongs in an env_file.
     */
    public static final int MAX_LINE = 64 * 1024;

    private final Map<String, String> environment;
    private final boolean promotionRequired;
    private final long maxFileSize;
    private final LoaderOptions yamlOptions;
    private final ObjectMapper yaml;
    /** The refusals of files that make no stack, as last logged: each is logged once, when it appears. */
    private final Set<String> loggedRefusals = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Each file as it was last read alone, before the checks across stacks: read again only once it changed. */
    private final ConcurrentHashMap<Path, Cached> unchanged = new ConcurrentHashMap<>();
    private final AtomicLong parses = new AtomicLong();
    /** The folder as last read, checks across stacks done: the same while it lists the same files, each unchanged. */
    private volatile FolderRead lastFolder;

    private record FolderRead(Path dir, List<Path> files, List<Cached> reads, Folder folder) {
    }

    /** @param environment the variables {@code ${VAR}} reads, normally the operator's own environment */
    public DesiredStateLoader(Map<String, String> environment) {
        this(environment, true);
    }

    /** @param promotionRequired whether a prod stack must declare spec.promotion */
    public DesiredStateLoader(Map<String, String> environment, boolean promotionRequired) {
        this(environment, promotionRequired, DEFAULT_MAX_FILE_SIZE);
    }

    /** @param maxFileSize the largest file read, in bytes ({@code operator.max-file-size}); a larger one is refused unread */
    public DesiredStateLoader(Map<String, String> environment, boolean promotionRequired, long maxFileSize) {
        if (maxFileSize < 1) {
            throw new IllegalArgumentException("operator.max-file-size must be 1 byte or more, not " + maxFileSize);
        }
        this.environment = environment;
        this.promotionRequired = promotionRequired;
        this.maxFileSize = maxFileSize;
        this.yamlOptions = yamlOptions(maxFileSize);
        this.yaml = new ObjectMapper(new StackYaml(YAMLFactory.builder()
                .loaderOptions(yamlOptions)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(YamlLocations.MAX_DEPTH)
                        .maxDocumentLength(maxFileSize)
                        .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxFileSize))
                        .maxNameLength(MAX_LINE)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** The YAML parser's own limits: no alias to a collection, no recursive key, bounded depth and length. */
    private static LoaderOptions yamlOptions(long maxFileSize) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(YamlLocations.MAX_DEPTH);
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxFileSize));
        return options;
    }

    /**
     * Whether the folder entry is one the loader reads or refuses by name: a {@code .yaml} or {@code .yml} name
     * not starting with {@code .}, whatever kind of file it is. Links and special files are candidates too, so
     * they are refused visibly rather than skipped.
     */
    public static boolean isStackFile(Path file) {
        String name = file.getFileName().toString();
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith(".");
    }

    public static String stackNameOf(Path file) {
        return YAML_SUFFIX.matcher(file.getFileName().toString()).replaceFirst("");
    }

    /**
     * A folder as read: the stacks, each with its problems, and the files refused because their name makes no
     * stack name (those have no stack to block; their problems are shown by validate and logged by the daemon).
     */
    public record Folder(List<LoadedStack> stacks, List<Problem> refused) {
    }

    /**
     * Every stack file of a folder, by name, with the checks that span stacks (host ports, container names).
     * Never throws because of what a file holds; files whose name makes no stack name are left out, and logged
     * once each.
     */
    public List<LoadedStack> loadDirectory(Path dir) {
        Folder folder = loadFolder(dir);
        Set<String> current = new LinkedHashSet<>();
        folder.refused().forEach(p -> current.add(p.toString()));
        current.stream().filter(loggedRefusals::add).forEach(line -> LOG.warnf("%s", line));
        loggedRefusals.retainAll(current);
        return folder.stacks();
    }

    /** As {@link #loadDirectory}, with the files refused by name. */
    public Folder loadFolder(Path dir) {
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(DesiredStateLoader::isStackFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the desired-state folder " + Printable.escape(dir.toString()) + ": "
                    + e.getMessage(), e);
        }
        FolderRead last = lastFolder;
        if (last != null && last.dir().equals(dir) && last.files().equals(files) && stillCached(last)) {
            return last.folder();
        }
        List<Draft> drafts = new ArrayList<>();
        List<Problem> refused = new ArrayList<>();
        for (Path file : files) {
            Draft draft = read(file, null);
            if (StackName.isValid(draft.name())) {
                drafts.add(draft);
            } else {
                refused.addAll(draft.sink().problems());
            }
        }
        Set<Path> read = drafts.stream().map(Draft::file).collect(Collectors.toSet());
        unchanged.keySet().removeIf(f -> dir.equals(f.getParent()) && !read.contains(f));
        CrossStackChecks.apply(drafts);
        Folder folder = new Folder(drafts.stream().map(Draft::loaded).toList(), List.copyOf(refused));
        List<Cached> reads = files.stream().map(file -> unchanged.getOrDefault(file, Cached.NONE)).toList();
        lastFolder = reads.contains(Cached.NONE) ? null : new FolderRead(dir, files, reads, folder);
        return folder;
    }

    /** Whether each file of the folder's last read is still what its cache holds, unchanged since. */
    private boolean stillCached(FolderRead last) {
        for (int i = 0; i < last.files().size(); i++) {
            Path file = last.files().get(i);
            Cached cached = unchanged.get(file);
            BasicFileAttributes now;
            if (cached != last.reads().get(i) || (now = attributes(file)) == null || !cached.sameAs(now)) {
                return false;
            }
        }
        return true;
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

    /** How many files were parsed, interpolated and validated since this loader was made; an unchanged file is not. */
    public long filesParsed() {
        return parses.get();
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

        /** The same file's result with a sink of its own, for the checks across stacks of another pass. */
        Draft again() {
            return new Draft(name, file, revision, parsed, sink.copy());
        }
    }

    /**
     * A file's result, kept by its path with the size, modification time and SHA-256 it had. The time alone is
     * trusted only once it is older than {@link #RACY} before the read, as a change within the file system's time
     * granularity would keep it; otherwise the bytes are read again and their hash decides.
     */
    private record Cached(long size, FileTime modified, long readAt, Draft draft) {

        /** No cache kept for a file: it is read again at every pass. */
        static final Cached NONE = new Cached(-1, null, 0, null);

        boolean sameAs(BasicFileAttributes now) {
            return now.isRegularFile() && !now.isSymbolicLink() && now.size() == size && now.lastModifiedTime().equals(modified)
                    && modified.toMillis() < readAt - RACY.toMillis();
        }
    }

    /** How recent a modification time may be before it is no longer trusted alone to say a file is unchanged. */
    static final Duration RACY = Duration.ofSeconds(2);

    /** The model when the file fits it, and the two fields the records need even when it does not. */
    record Parsed(StackDocument document, String environment, String version) {
        static final Parsed NOTHING = new Parsed(null, null, null);
    }

    private Draft read(Path file, String versionOverride) {
        String name = stackNameOf(file);
        ProblemSink sink = new ProblemSink(file.toString());
        if (!StackName.isValid(name)) {
            sink.errorAt(1, 1, "", "the file name does not make a stack name: " + StackName.problem(name).orElseThrow()
                    + "; the file is not read");
            return new Draft(Printable.escape(name), file, null, Parsed.NOTHING, sink);
        }
        Path key = file; // as given, as the problems name it
        BasicFileAttributes before = versionOverride == null ? attributes(file) : null;
        Cached cached = versionOverride == null ? unchanged.get(key) : null;
        if (cached != null && before != null && cached.sameAs(before)) {
            return cached.draft().again();
        }
        try {
            long readAt = System.currentTimeMillis();
            byte[] bytes = readLimited(file, sink);
            if (bytes == null) {
                unchanged.remove(key);
                return new Draft(name, file, null, Parsed.NOTHING, sink);
            }
            String revision = digest(bytes);
            if (cached != null && before != null && revision.equals(cached.draft().revision())) {
                unchanged.put(key, new Cached(before.size(), before.lastModifiedTime(), readAt, cached.draft()));
                return cached.draft().again();
            }
            parses.incrementAndGet();
            Parsed parsed = parse(bytes, sink, versionOverride);
            if (parsed.document() != null) {
                try {
                    new StackValidator(name, file.toAbsolutePath().getParent(), sink, promotionRequired).validate(parsed.document());
                } catch (RuntimeException e) {
                    // a shape no rule foresaw: one stack refused with a reason, never a pass aborted for all
                    sink.error("", "cannot check this file: " + e);
                }
            }
            Draft draft = new Draft(name, file, revision, parsed, sink);
            if (before != null && keepable(parsed)) {
                unchanged.put(key, new Cached(before.size(), before.lastModifiedTime(), readAt, draft.again()));
            } else {
                unchanged.remove(key);
            }
            return draft;
        } catch (RuntimeException | StackOverflowError e) {
            // whatever the file holds, it refuses its own stack only
            sink.errorAt(1, 1, "", "cannot read this file: " + e);
            return new Draft(name, file, null, Parsed.NOTHING, sink);
        }
    }

    /** The file's own attributes (a link not followed), or null when they cannot be read. */
    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Whether a file's result stands while the file does not change: not when it reads other files (an env_file,
     * whose presence the validation checks), which may change on their own.
     */
    private static boolean keepable(Parsed parsed) {
        return parsed.document() == null || parsed.document().spec() == null || !parsed.document().spec().readsEnvFiles();
    }

    /**
     * The file's bytes, when it is a regular file (links not followed) of at most maxFileSize bytes; else null,
     * with the refusal in the sink. Nothing but the file's attributes is read from a file that is refused.
     */
    private byte[] readLimited(Path file, ProblemSink sink) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            sink.errorAt(1, 1, "", "cannot read the file: " + e.getMessage());
            return null;
        }
        String kind = attributes.isSymbolicLink() ? "a symbolic link" : attributes.isDirectory() ? "a folder"
                : attributes.isOther() ? "a special file (FIFO, socket or device)" : null;
        if (kind != null || !attributes.isRegularFile()) {
            sink.errorAt(1, 1, "", "the file is " + (kind == null ? "not a regular file" : kind)
                    + ": only regular files in the desired-state folder are read; it is not read");
            return null;
        }
        if (attributes.size() > maxFileSize) {
            sink.errorAt(1, 1, "", tooLarge(attributes.size()));
            return null;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileSize + 1));
            if (bytes.length > maxFileSize) {
                sink.errorAt(1, 1, "", tooLarge(bytes.length));
                return null;
            }
            return bytes;
        } catch (IOException e) {
            sink.errorAt(1, 1, "", "cannot read the file: " + e.getMessage());
            return null;
        }
    }

    private String tooLarge(long size) {
        return "the file is " + size + " bytes, more than operator.max-file-size (" + maxFileSize
                + " bytes): it is not read";
    }

    private Parsed parse(byte[] bytes, ProblemSink sink, String versionOverride) {
        String text = TextChecks.decode(bytes, MAX_LINE, sink);
        if (text == null) {
            return Parsed.NOTHING;
        }
        try {
            sink.locateWith(YamlLocations.of(text, yamlOptions));
        } catch (YamlLocations.Unreadable e) {
            sink.errorAt(e.line, e.column, "", e.getMessage());
            return Parsed.NOTHING;
        }
        JsonNode tree;
        try {
            tree = yaml.readTree(text);
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
        String environment = Printable.excerpt(textAt(tree, "environment"));
        String version = Printable.excerpt(textAt(tree, "version"));
        interpolate((ObjectNode) tree, sink);
        try {
            return new Parsed(yaml.treeToValue(tree, StackDocument.class), environment, version);
        } catch (UnrecognizedPropertyException e) {
            String path = pathOf(e);
            List<String> known = e.getKnownPropertyIds().stream().map(String::valueOf)
                    .filter(field -> !Service.REFUSED_FIELDS.contains(field)).sorted().toList();
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

    /**
     * The file's bytes when they are still those of {@code revision} (a link is not followed), else empty: the
     * file changed since it was read, e.g. a checkout of a newer commit during a smoke.
     */
    public static Optional<byte[]> contentAt(Path file, String revision) {
        try (java.io.InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readAllBytes();
            return digest(bytes).equals(revision) ? Optional.of(bytes) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
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
