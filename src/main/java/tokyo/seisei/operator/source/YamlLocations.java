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
 * not read: anchors and aliases (so an alias bomb is never expanded), more than one document, nesting
 * deeper than {@link #MAX_DEPTH} levels, and a key longer than {@link #MAX_KEY} characters; each refusal is an
 * {@link Unreadable} with its line and column.
 *
 * <p>What it keeps is bounded: once the paths recorded would take about {@link #PATH_BUDGET} bytes, it records no
 * more, and a problem further on is placed at the nearest field recorded before. A stack file needs a few
 * kilobytes; only a file written to fill the memory (long keys over a long list, each item a copy of its path)
 * gets that far.
 */
final class YamlLocations {

    /** The deepest nesting of maps and lists a file may have; a stack file needs about eight. */
    static final int MAX_DEPTH = 50;

    /** The longest key of a map, in characters: a stack file's keys are field, service and variable names. */
    static final int MAX_KEY = 256;

    /** About how many bytes the recorded paths may take: some thousand times what a stack file needs. */
    static final long PATH_BUDGET = 8L * 1024 * 1024;

    /** What one recorded path costs besides its characters: the map's entry, the string and the location. */
    private static final int ENTRY_COST = 112;

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
    /** About how many bytes the recorded paths take, at two bytes a character. */
    private long spent;

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

    /** About how many bytes the recorded paths take. */
    long recordedBytes() {
        return spent;
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
            if (event instanceof ScalarEvent key) {
                String name = key.getValue();
                if (name.length() > MAX_KEY && name.codePointCount(0, name.length()) > MAX_KEY) {
                    throw new Unreadable(event.getStartMark(), "a key is " + name.codePointCount(0, name.length())
                            + " characters long, more than " + MAX_KEY + "; a stack file's keys are short names");
                }
            }
            parent.keyPath = parent.path != null && spent < PATH_BUDGET && event instanceof ScalarEvent key
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
            path = parent.path == null || spent >= PATH_BUDGET ? null : parent.path + "[" + parent.index + "]";
            parent.index++;
        }
        if (path == null || spent >= PATH_BUDGET) {
            return null;
        }
        byPath.put(path, new Location(at.getLine() + 1, at.getColumn() + 1));
        spent += ENTRY_COST + 2L * path.length();
        return path;
    }
}
