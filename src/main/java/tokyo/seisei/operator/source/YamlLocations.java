package tokyo.seisei.operator.source;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Where each field of a YAML document stands: a map from a dotted path ({@code spec.services.web.ports[0]})
 * to its 1-based line and column. Scalars point at their value, maps and lists at their key.
 *
 * <p>It reads the parser's events one by one, never building the document, and refuses what the operator does
 * not read: anchors and aliases (so an alias bomb is never expanded), more than one document, and nesting
 * deeper than {@link #MAX_DEPTH} levels; each refusal is an {@link Unreadable} with its line and column.
 */
final class YamlLocations {

    /** The deepest nesting of maps and lists a file may have; a stack file needs about eight. */
    static final int MAX_DEPTH = 50;

    record Location(int line, int column) {
    }

    /** The text is not YAML the operator reads; line and column are 1-based. */
    static final class Unreadable extends RuntimeException {
        final int line;
        final int column;

        Unreadable(Mark mark, String message) {
            this(mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1, message);
        }

        Unreadable(int line, int column, String message) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
        }
    }

    /** A map or a list being read: its path (null when nothing under it is recorded, as under a complex key). */
    private static final class Frame {
        final boolean mapping;
        final String path;
        int index;
        boolean expectingKey = true;
        String keyPath;
        Mark keyMark;

        Frame(boolean mapping, String path) {
            this.mapping = mapping;
            this.path = path;
        }
    }

    private final Map<String, Location> byPath = new HashMap<>();

    private YamlLocations() {
    }

    /** @throws Unreadable when the text is not YAML, or uses what the operator does not read */
    static YamlLocations of(String text, LoaderOptions options) {
        YamlLocations locations = new YamlLocations();
        try {
            locations.read(new Yaml(options).parse(new StringReader(text)));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new Unreadable(mark, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new Unreadable(1, 1, "not valid YAML: " + e.getMessage());
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

    private void read(Iterable<Event> events) {
        Deque<Frame> frames = new ArrayDeque<>();
        int documents = 0;
        for (Event event : events) {
            if (event instanceof DocumentStartEvent) {
                if (++documents > 1) {
                    throw new Unreadable(event.getStartMark(), "the file holds more than one YAML document: keep one stack,"
                            + " one document, per file");
                }
            } else if (event instanceof AliasEvent) {
                throw new Unreadable(event.getStartMark(), "aliases (*name) are not supported: write the value out");
            } else if (event instanceof NodeEvent node) {
                if (node.getAnchor() != null) {
                    throw new Unreadable(event.getStartMark(), "anchors (&name) are not supported: write the value out");
                }
                String path = place(frames, event);
                if (event instanceof CollectionStartEvent) {
                    if (frames.size() >= MAX_DEPTH) {
                        throw new Unreadable(event.getStartMark(), "maps and lists nest deeper than " + MAX_DEPTH
                                + " levels; a stack file needs far fewer");
                    }
                    frames.push(new Frame(event instanceof MappingStartEvent, path));
                }
            } else if (event.is(Event.ID.MappingEnd) || event.is(Event.ID.SequenceEnd)) {
                frames.pop();
            }
        }
    }

    /** Records where a node stands and returns its path, or null when it is not recorded (a key, or under one). */
    private String place(Deque<Frame> frames, Event event) {
        Frame parent = frames.peek();
        if (parent == null) {
            return "";
        }
        if (parent.mapping && parent.expectingKey) {
            parent.expectingKey = false;
            parent.keyMark = event.getStartMark();
            parent.keyPath = parent.path != null && event instanceof ScalarEvent key
                    ? (parent.path.isEmpty() ? key.getValue() : parent.path + "." + key.getValue()) : null;
            return null;
        }
        String path;
        Mark at = event.getStartMark();
        if (parent.mapping) {
            parent.expectingKey = true;
            path = parent.keyPath;
            if (!(event instanceof ScalarEvent)) {
                at = parent.keyMark;
            }
        } else {
            path = parent.path == null ? null : parent.path + "[" + parent.index + "]";
            parent.index++;
        }
        if (path != null) {
            byPath.put(path, new Location(at.getLine() + 1, at.getColumn() + 1));
        }
        return path;
    }
}
