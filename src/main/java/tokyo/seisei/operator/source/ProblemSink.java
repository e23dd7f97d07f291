package tokyo.seisei.operator.source;

import java.util.ArrayList;
import java.util.List;
import tokyo.seisei.operator.model.Printable;

/**
 * Collects the problems of one file, placing each at the line and column of its field. The file name and every
 * message are made printable: secrets masked first, then control characters escaped and long values cut
 * ({@link Printable#excerpt}), so a problem is one line that quotes little of the file.
 */
final class ProblemSink {

    private final String file;
    private YamlLocations locations;
    private final List<Problem> problems = new ArrayList<>();
    private final java.util.Set<String> secretValues = new java.util.LinkedHashSet<>();

    ProblemSink(String file) {
        this.file = Printable.escape(file);
    }

    private ProblemSink(ProblemSink from) {
        this.file = from.file;
        this.locations = from.locations;
        this.problems.addAll(from.problems);
        this.secretValues.addAll(from.secretValues);
    }

    /** A sink holding what this one holds so far, to which more can be added without touching this one. */
    ProblemSink copy() {
        return new ProblemSink(this);
    }

    void locateWith(YamlLocations locations) {
        this.locations = locations;
    }

    void error(String path, String message) {
        add(path, message, Problem.Severity.ERROR);
    }

    void warning(String path, String message) {
        add(path, message, Problem.Severity.WARNING);
    }

    void errorAt(int line, int column, String path, String message) {
        problems.add(new Problem(file, Math.max(1, line), Math.max(1, column), Printable.excerpt(path), printable(message), Problem.Severity.ERROR));
    }

    /** Values that must not appear in a message (substituted secrets): they are written as ****. */
    void redact(java.util.Collection<String> values) {
        secretValues.addAll(values);
    }

    java.util.Set<String> secretValues() {
        return java.util.Set.copyOf(secretValues);
    }

    private void add(String path, String message, Problem.Severity severity) {
        YamlLocations.Location at = locations == null ? new YamlLocations.Location(1, 1) : locations.find(path);
        problems.add(new Problem(file, at.line(), at.column(), Printable.excerpt(path), printable(message), severity));
    }

    private String printable(String message) {
        return Printable.excerpt(tokyo.seisei.operator.model.Secrets.redact(message, secretValues));
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    List<Problem> problems() {
        return List.copyOf(problems);
    }
}
