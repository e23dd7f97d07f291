package tokyo.seisei.operator.source;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A docker-compose.yml read as Compose reads it: anchors, aliases and merge keys ({@code <<: *x}) expanded, comments
 * gone, and plain scalars typed as YAML 1.2 types them, so {@code 22:22} stays a port, not a base-60 number, and
 * {@code no} stays a word. Keeps where each key stands, for messages that point into the file.
 */
final class ComposeYaml {

    /** The nulls of YAML 1.2's core schema, besides the empty scalar; {@link StackYaml} reads the same. */
    static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL)$");

    private final Map<String, Object> root;
    private final Node tree;

    private ComposeYaml(Map<String, Object> root, Node tree) {
        this.root = root;
        this.tree = tree;
    }

    /** @throws IllegalArgumentException when the text is not YAML holding one mapping */
    static ComposeYaml parse(String text) {
        try {
            Object data = yaml().load(text);
            if (!(data instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("the file must hold one YAML mapping with services");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) map;
            return new ComposeYaml(root, yaml().compose(new java.io.StringReader(text)));
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    Map<String, Object> root() {
        return root;
    }

    /** LINE:COL of the key at this path (keys and list indexes), else of the nearest enclosing one that is there. */
    String locate(List<Object> path) {
        Node at = tree;
        Mark mark = tree.getStartMark();
        for (Object step : path) {
            Node[] found = step instanceof Integer index ? item(at, index) : entry(at, String.valueOf(step));
            if (found == null) {
                break;
            }
            mark = found[0].getStartMark();
            at = found[1];
        }
        return (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    private static Node[] item(Node node, int index) {
        if (node instanceof SequenceNode sequence && index < sequence.getValue().size()) {
            Node value = sequence.getValue().get(index);
            return new Node[] {value, value};
        }
        return null;
    }

    /** The key and value of a mapping entry, looked up through merge keys as Compose resolves them. */
    private static Node[] entry(Node node, String key) {
        Deque<Node> mappings = new ArrayDeque<>(List.of(node));
        while (!mappings.isEmpty()) {
            if (!(mappings.pop() instanceof MappingNode mapping)) {
                continue;
            }
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar) {
                    if (scalar.getValue().equals(key)) {
                        return new Node[] {tuple.getKeyNode(), tuple.getValueNode()};
                    }
                    if (scalar.getTag().equals(Tag.MERGE)) {
                        Node merged = tuple.getValueNode();
                        if (merged instanceof SequenceNode sequence) {
                            mappings.addAll(sequence.getValue());
                        } else {
                            mappings.add(merged);
                        }
                    }
                }
            }
        }
        return null;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new Yaml12Types());
    }

    /** The types of YAML 1.2's core schema, with merge keys, which Compose keeps from 1.1. */
    private static final class Yaml12Types extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF");
            addImplicitResolver(Tag.INT, Pattern.compile("^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$"), "-+0123456789");
            addImplicitResolver(Tag.FLOAT, Pattern.compile(
                    "^(?:[-+]?(?:[0-9]+\\.[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"),
                    "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL, "~nN");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
