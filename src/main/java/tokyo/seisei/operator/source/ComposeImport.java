package tokyo.seisei.operator.source;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tokyo.seisei.operator.model.ComposeKeys;
import tokyo.seisei.operator.model.ImageReference;
import tokyo.seisei.operator.model.NetworkDeclaration;
import tokyo.seisei.operator.model.Printable;
import tokyo.seisei.operator.model.Service;
import tokyo.seisei.operator.model.StackDocument;
import tokyo.seisei.operator.model.StackName;
import tokyo.seisei.operator.model.VolumeDeclaration;

/**
 * A docker-compose.yml turned into a stack file: the services copied in the Compose file's order with every field the
 * stack file knows, the version-like tag of the images lifted into {@code spec.version}, relative host paths made
 * absolute from the Compose file's folder (the stack file lives elsewhere), and the result checked by the same rules
 * as {@code stackctl validate}. Every key the stack file cannot hold is a problem, all of them at once; with any
 * problem there is no stack file, since one that leaves a setting out would replace the running containers with
 * different ones.
 */
public final class ComposeImport {

    /** Compose's own file names, in the order it looks for them in a folder. */
    public static final List<String> FILE_NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yaml",
            "docker-compose.yml");

    /** A tag that names a release: a number (1.4.2, 15-alpine), a v and a number (v2), or a commit (sha-1a2b3c4). */
    private static final Pattern VERSION_LIKE = Pattern.compile("v?[0-9][A-Za-z0-9._+-]*|sha-[0-9a-f]{7,64}");

    private static final Set<String> TOP_LEVEL = Set.of("name", "services", "networks", "volumes");
    /** A step of a problem's path, ports[0], and its indexes. */
    private static final Pattern INDEXED = Pattern.compile("([^\\[]*)((?:\\[[0-9]+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[([0-9]+)]");
    /** Top-level keys Compose itself ignores: the obsolete file version. */
    private static final Set<String> IGNORED = Set.of("version");

    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("build", "production only pulls published images; build and push the image, then name its tag"),
            Map.entry("secrets", "the stack file has no secrets; pass the value through environment or env_file"),
            Map.entry("configs", "the stack file has no configs; bind-mount the file instead (volumes)"),
            Map.entry("profiles", "every service of a stack file runs; leave the service out instead"),
            Map.entry("links", "on the stack's network every service reaches the others by its name already"),
            Map.entry("external_links", "join the other stack's network instead (networks with external: true)"),
            Map.entry("scale", "a stack file runs one container per service"),
            Map.entry("extends", "write the service out in full"),
            Map.entry("include", "import each Compose file on its own"),
            Map.entry("pull_policy", "the operator pulls every image it creates a container from"));
    private static final String NO_SUCH_FIELD = "the stack file has no such field";

    private final DesiredStateLoader loader;

    public ComposeImport(DesiredStateLoader loader) {
        this.loader = loader;
    }

    /**
     * @param name          the stack name; null for the Compose project name, else the folder's
     * @param environment   staging or prod
     * @param promotionFrom the staging stack a prod stack takes its versions from, or null
     */
    public record Options(String name, String environment, String promotionFrom) {
    }

    /**
     * @param yaml     the stack file, or null when there are problems
     * @param problems {@code FILE:LINE:COL: message}, one per key or value the stack file cannot hold
     * @param notes    what the person should know of a stack file that was made (the version taken, variables)
     */
    public record Result(String stackName, String yaml, List<String> problems, List<String> notes) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** The Compose file itself, or the first of Compose's file names in a folder. */
    public static Optional<Path> composeFileIn(Path path) {
        if (!Files.isDirectory(path)) {
            return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        }
        return FILE_NAMES.stream().map(path::resolve).filter(Files::isRegularFile).findFirst();
    }

    public Result run(Path composeFile, Options options) {
        Path file = composeFile.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Result(null, null, List.of(composeFile + ":1:1: cannot read the file as UTF-8 text: " + e), List.of());
        }
        ComposeYaml compose;
        try {
            compose = ComposeYaml.parse(text);
        } catch (IllegalArgumentException e) {
            return new Result(null, null, List.of(composeFile + ":1:1: " + e.getMessage()), List.of());
        }
        return new Run(composeFile.toString(), file.getParent(), compose, options).result();
    }

    /** One import: the problems and notes it gathers as it goes. */
    private final class Run {
        private final String fileName;
        private final Path folder;
        private final ComposeYaml compose;
        private final Options options;
        private final List<String> problems = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        Run(String fileName, Path folder, ComposeYaml compose, Options options) {
            this.fileName = fileName;
            this.folder = folder;
            this.compose = compose;
            this.options = options;
        }

        Result result() {
            Map<String, Object> root = compose.root();
            String project = projectName(root);
            String stack = options.name() != null ? options.name() : project;
            Optional<String> badName = StackName.problem(stack);
            if (badName.isPresent()) {
                problem(List.of(), "cannot take '" + Printable.escape(stack) + "' as the stack name: " + badName.get()
                        + (options.name() == null ? "; name the stack with --name" : ""));
                return done(stack, null);
            }
            root.keySet().forEach(key -> {
                if (!TOP_LEVEL.contains(key) && !IGNORED.contains(key) && !key.startsWith("x-")) {
                    unsupported(List.of(key), REASONS.getOrDefault(key, "a stack file holds services, networks and volumes"));
                }
            });
            Map<String, Object> services = root.get("services") == null ? null : map(root.get("services"), List.of("services"));
            if (services == null || services.isEmpty()) {
                problem(List.of("services"), "services: a Compose file needs at least one service");
                return done(stack, null);
            }
            String version = version(services);
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("environment", options.environment());
            spec.put("version", version);
            if (options.promotionFrom() != null) {
                spec.put("promotion", Map.of("from", options.promotionFrom()));
            }
            Map<String, Object> outServices = new LinkedHashMap<>();
            services.forEach((name, service) -> outServices.put(name, service(name, service, version)));
            spec.put("services", outServices);
            Map<String, Object> networks = declarations("networks", root.get("networks"), NetworkDeclaration.class);
            if (!networks.isEmpty()) {
                spec.put("networks", networks);
            }
            Map<String, Object> volumes = declarations("volumes", root.get("volumes"), VolumeDeclaration.class);
            if (!volumes.isEmpty()) {
                spec.put("volumes", keepComposeVolumeNames(volumes, project, stack));
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("apiVersion", StackDocument.API_VERSION);
            document.put("kind", StackDocument.KIND);
            document.put("metadata", Map.of("name", stack));
            document.put("spec", spec);
            if (version == null) {
                // no release to take: check the rest under a stand-in, so every problem is told at once
                spec.put("version", "0");
            }
            String yaml = dump(document);
            validate(stack, yaml);
            return done(stack, problems.isEmpty() ? yaml : null);
        }

        private Result done(String stack, String yaml) {
            return new Result(stack, yaml, List.copyOf(problems), List.copyOf(notes));
        }

        /** Compose's project name: name:, else the folder's name as Compose makes a project name of it. */
        private String projectName(Map<String, Object> root) {
            if (root.get("name") instanceof String name && !name.isBlank()) {
                return name;
            }
            String folderName = folder.getFileName() == null ? "" : folder.getFileName().toString();
            return folderName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "").replaceFirst("^[_-]+", "")
                    .replace('_', '-');
        }

        /**
         * The tag most images share, else the first service's; only a version-like tag, and only one that is written
         * out (an image built from a variable is left as it is). Every image with that tag gets ${VERSION} instead.
         */
        private String version(Map<String, Object> services) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            services.values().forEach(service -> releaseTag(service).ifPresent(tag -> counts.merge(tag, 1, Integer::sum)));
            Optional<String> chosen = counts.entrySet().stream()
                    .reduce((best, next) -> next.getValue() > best.getValue() ? next : best).map(Map.Entry::getKey);
            if (chosen.isEmpty()) {
                problem(List.of("services"), "no image has a release tag (such as 1.4.2, v2 or sha-1a2b3c4) to take as"
                        + " spec.version: name the images' tags");
                return null;
            }
            List<String> users = new ArrayList<>();
            services.forEach((name, service) -> {
                if (releaseTag(service).filter(chosen.get()::equals).isPresent()) {
                    users.add(name);
                }
            });
            notes.add("spec.version is " + chosen.get() + ", the tag of " + String.join(", ", users)
                    + ": their images name ${VERSION} instead");
            return chosen.get();
        }

        private Optional<String> releaseTag(Object service) {
            if (!(service instanceof Map<?, ?> map) || !(map.get("image") instanceof String image) || image.contains("$")) {
                return Optional.empty();
            }
            ImageReference ref = ImageReference.parse(image);
            return ref.digest() == null && ref.tag() != null && VERSION_LIKE.matcher(ref.tag()).matches()
                    ? Optional.of(ref.tag()) : Optional.empty();
        }

        private Object service(String name, Object value, String version) {
            List<Object> at = List.of("services", name);
            if (value == null) {
                return null; // the stack file's own rule says what an empty service lacks
            }
            Map<String, Object> service = map(value, at);
            if (service == null) {
                return value;
            }
            Set<String> known = fieldNames(Service.class);
            Map<String, Object> out = new LinkedHashMap<>();
            service.forEach((key, field) -> {
                List<Object> path = path(at, key);
                if (key.startsWith("x-")) {
                    return;
                }
                if (!known.contains(key) || Service.REFUSED_FIELDS.contains(key)) {
                    unsupported(path, REASONS.getOrDefault(key, NO_SUCH_FIELD));
                    return;
                }
                out.put(key, switch (key) {
                    case "image" -> image(field, version);
                    case "volumes" -> serviceVolumes(path, field);
                    case "env_file" -> envFiles(path, field);
                    case "ports" -> longForms(path, field, ComposeKeys.PORT);
                    case "networks" -> entries(path, field, ComposeKeys.SERVICE_NETWORK);
                    case "depends_on" -> entries(path, field, ComposeKeys.DEPENDENCY);
                    case "ulimits" -> entries(path, field, ComposeKeys.ULIMIT);
                    case "healthcheck" -> keys(path, field, fieldNames(Service.Healthcheck.class));
                    case "logging" -> keys(path, field, fieldNames(Service.Logging.class));
                    case "deploy" -> deploy(path, field);
                    default -> field;
                });
            });
            return out;
        }

        private Object image(Object image, String version) {
            if (version != null && image instanceof String text && !text.contains("$")) {
                ImageReference ref = ImageReference.parse(text);
                if (version.equals(ref.tag()) && ref.digest() == null) {
                    return ref.name() + ":${VERSION}";
                }
            }
            return image;
        }

        /** Short-form bind sources and long-form bind sources that are relative: absolute from the Compose folder. */
        private Object serviceVolumes(List<Object> at, Object value) {
            if (!(value instanceof List<?> list)) {
                return value;
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object entry = list.get(i);
                if (entry instanceof String shortForm && shortForm.startsWith(".")) {
                    int colon = shortForm.indexOf(':');
                    String source = colon < 0 ? shortForm : shortForm.substring(0, colon);
                    out.add(hostPath(source) + (colon < 0 ? "" : shortForm.substring(colon)));
                } else if (entry instanceof Map<?, ?> longForm) {
                    Map<String, Object> copy = keys(path(at, i), longForm, ComposeKeys.VOLUME);
                    if (copy.get("source") instanceof String source && source.startsWith(".")
                            && "bind".equals(copy.get("type"))) {
                        copy.put("source", hostPath(source));
                    }
                    out.add(copy);
                } else {
                    out.add(entry);
                }
            }
            return out;
        }

        /** env_file: each path absolute from the Compose folder; Compose's {path, required: false} dropped when missing. */
        private Object envFiles(List<Object> at, Object value) {
            List<?> entries = value instanceof List<?> list ? list : List.of(value);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Object entry = entries.get(i);
                if (entry instanceof Map<?, ?> longForm) {
                    Map<String, Object> copy = keys(path(at, i), longForm, Set.of("path", "required"));
                    if (!(copy.get("path") instanceof String file)) {
                        problem(path(at, i), pathText(at) + "[" + i + "].path is required: the env file to read");
                        continue;
                    }
                    if (Boolean.FALSE.equals(copy.get("required")) && !Files.isRegularFile(folder.resolve(file))) {
                        notes.add(pathText(at) + ": " + file + " is optional and missing, so it is left out");
                        continue;
                    }
                    entry = file;
                }
                out.add(entry instanceof String file ? hostPath(file) : entry);
            }
            return value instanceof List<?> ? out : out.size() == 1 ? out.get(0) : out;
        }

        private String hostPath(String written) {
            return written.startsWith("~") || written.startsWith("/") ? written
                    : folder.resolve(written).normalize().toString();
        }

        /** deploy with resources.limits (memory, cpus) only; the rest reported and left out. */
        private Object deploy(List<Object> at, Object value) {
            Map<String, Object> deploy = keys(at, value, Set.of("resources"));
            if (deploy != null && deploy.get("resources") != null) {
                Map<String, Object> resources = keys(path(at, "resources"), deploy.get("resources"), Set.of("limits"));
                if (resources != null && resources.get("limits") != null) {
                    resources.put("limits", keys(path(path(at, "resources"), "limits"), resources.get("limits"),
                            ComposeKeys.DEPLOY_LIMITS));
                }
                deploy.put("resources", resources);
            }
            return deploy;
        }

        /** A list whose entries may be maps (the long form): each map's keys checked. */
        private Object longForms(List<Object> at, Object value, Set<String> allowed) {
            if (!(value instanceof List<?> list)) {
                return value;
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(list.get(i) instanceof Map<?, ?> ? keys(path(at, i), list.get(i), allowed) : list.get(i));
            }
            return out;
        }

        /** A map of name to settings (or a list of names): each settings map's keys checked. */
        private Object entries(List<Object> at, Object value, Set<String> allowed) {
            if (!(value instanceof Map<?, ?> map)) {
                return value;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((name, settings) -> out.put(String.valueOf(name), settings instanceof Map<?, ?>
                    ? keys(path(at, String.valueOf(name)), settings, allowed) : settings));
            return out;
        }

        /** The top-level networks or volumes, each declaration's keys checked, ipam's too. */
        private Map<String, Object> declarations(String kind, Object value, Class<?> declaration) {
            Map<String, Object> map = value == null ? Map.of() : map(value, List.of(kind));
            if (map == null) {
                return Map.of();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((name, settings) -> {
                List<Object> at = List.of(kind, name);
                Map<String, Object> checked = settings == null ? null : keys(at, settings, fieldNames(declaration));
                if (checked != null && checked.get("ipam") != null) {
                    Map<String, Object> ipam = keys(path(at, "ipam"), checked.get("ipam"),
                            fieldNames(NetworkDeclaration.Ipam.class));
                    if (ipam != null && ipam.get("config") != null) {
                        ipam.put("config", longForms(path(path(at, "ipam"), "config"), ipam.get("config"),
                                fieldNames(NetworkDeclaration.Pool.class)));
                    }
                    checked.put("ipam", ipam);
                }
                out.put(name, checked == null ? new LinkedHashMap<>() : checked);
            });
            return out;
        }

        /**
         * Compose names a volume {@code <project>_<key>}, the operator {@code <stack>_<key>}: under another stack name,
         * each volume keeps the name Compose gave it, so the data stays where it is.
         */
        private Map<String, Object> keepComposeVolumeNames(Map<String, Object> volumes, String project, String stack) {
            if (project.equals(stack)) {
                return volumes;
            }
            volumes.forEach((key, settings) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> declaration = (Map<String, Object>) settings;
                if (!Boolean.TRUE.equals(declaration.get("external")) && !declaration.containsKey("name")) {
                    declaration.put("name", project + "_" + key);
                }
            });
            notes.add("the volumes keep the names Compose gave them (" + project + "_...), since the stack is not named "
                    + project);
            return volumes;
        }

        /** The map with its allowed keys; each other key reported, but x- keys, which Compose ignores. */
        private Map<String, Object> keys(List<Object> at, Object value, Set<String> allowed) {
            Map<String, Object> map = map(value, at);
            if (map == null) {
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((key, field) -> {
                if (key.startsWith("x-")) {
                    return;
                }
                if (allowed.contains(key)) {
                    out.put(key, field);
                } else {
                    unsupported(path(at, key), NO_SUCH_FIELD + "; it has " + String.join(", ", allowed.stream().sorted().toList()));
                }
            });
            return out;
        }

        /** The value as a map with text keys, or null with a problem. */
        private Map<String, Object> map(Object value, List<Object> at) {
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(k), v));
                return out;
            }
            problem(at, pathText(at) + " must be a map");
            return null;
        }

        /** The stack file through the loader that validate uses, written where nothing else is read. */
        private void validate(String stack, String yaml) {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("import-compose");
                Path file = Files.writeString(dir.resolve(stack + ".yaml"), yaml);
                LoadedStack loaded = loader.load(file);
                for (Problem p : loaded.problems()) {
                    String message = p.message().replaceAll("\\bspec\\.(services|networks|volumes)\\.", "$1.");
                    String location = fileName + ":" + compose.locate(composePath(p.path()));
                    if (p.isError()) {
                        problems.add(location + ": " + message);
                    } else {
                        notes.add("warning: " + message);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot check the stack file in a temporary folder: " + e.getMessage(), e);
            } finally {
                if (dir != null) {
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path f : files.toList()) {
                            Files.deleteIfExists(f);
                        }
                        Files.deleteIfExists(dir);
                    } catch (IOException ignored) {
                        // a temporary folder left behind holds nothing the Compose file does not
                    }
                }
            }
        }

        /** spec.services.web.ports[0] as the Compose path services, web, ports, 0. */
        private List<Object> composePath(String stackPath) {
            List<Object> path = new ArrayList<>();
            if (stackPath == null || !stackPath.startsWith("spec.")) {
                return path;
            }
            for (String part : stackPath.substring("spec.".length()).split("\\.")) {
                java.util.regex.Matcher indexed = INDEXED.matcher(part);
                if (indexed.matches()) {
                    path.add(indexed.group(1));
                    java.util.regex.Matcher index = INDEX.matcher(indexed.group(2));
                    while (index.find()) {
                        path.add(Integer.parseInt(index.group(1)));
                    }
                }
            }
            return path;
        }

        private void unsupported(List<Object> at, String reason) {
            problem(at, pathText(at) + " is not supported: " + reason);
        }

        private void problem(List<Object> at, String message) {
            problems.add(fileName + ":" + compose.locate(at) + ": " + message);
        }
    }

    private static List<Object> path(List<Object> at, Object step) {
        List<Object> path = new ArrayList<>(at);
        path.add(step);
        return path;
    }

    private static String pathText(List<Object> path) {
        StringBuilder text = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                text.append(text.length() == 0 ? "" : ".").append(step);
            }
        }
        return text.toString();
    }

    /** The field names a model record is read with: its components, by their JSON names. */
    static Set<String> fieldNames(Class<?> record) {
        Set<String> names = new LinkedHashSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            JsonProperty property;
            try {
                property = record.getDeclaredField(component.getName()).getAnnotation(JsonProperty.class);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
            names.add(property != null && !property.value().isEmpty() ? property.value() : component.getName());
        }
        return names;
    }

    private static String dump(Map<String, Object> document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        // a stack file has no anchors: a value Compose shared between services is written out at each
        options.setDereferenceAliases(true);
        return new Yaml(options).dump(document);
    }
}
