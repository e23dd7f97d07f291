package tokyo.seisei.operator.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where each field of a YAML document stands: a map from a dotted path ({@code spec.services.web.ports[0]})
 * to its 1-based line and column. Scalars point at their value, maps and lists at their key.
 */
final class YamlLocations {

    record Location(int line, int column) {
    }

    private final Map<String, Location> byPath = new HashMap<>();

    private YamlLocations() {
    }

    /** Throws SnakeYAML's MarkedYAMLException when the text is not YAML. */
    static YamlLocations of(String text) {
        YamlLocations locations = new YamlLocations();
        Node root = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(text));
        if (root != null) {
            locations.walk("", root);
        }
        return locations;
    }

    /** The location of the path, or of its nearest ancestor that is in the file; 1:1 when none is. */
    Location find(String path) {
        String current = path;
        while (!current.isEmpty()) {
            Location found = byPath.get(current);
            if (found != null) {
                return found;
            }
            current = parent(current);
        }
        return new Location(1, 1);
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private void walk(String path, Node node) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                    Node value = tuple.getValueNode();
                    byPath.put(child, at(value instanceof ScalarNode ? value.getStartMark() : key.getStartMark()));
                    walk(child, value);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                String child = path + "[" + i + "]";
                byPath.put(child, at(items.get(i).getStartMark()));
                walk(child, items.get(i));
            }
        }
    }

    private static Location at(Mark mark) {
        return new Location(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
