package tokyo.seisei.operator.source;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one file, placing each at the line and column of its field. */
final class ProblemSink {

    private final String file;
    private YamlLocations locations;
    private final List<Problem> problems = new ArrayList<>();

    ProblemSink(String file) {
        this.file = file;
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
        problems.add(new Problem(file, line, column, path, message, Problem.Severity.ERROR));
    }

    private void add(String path, String message, Problem.Severity severity) {
        YamlLocations.Location at = locations == null ? new YamlLocations.Location(1, 1) : locations.find(path);
        problems.add(new Problem(file, at.line(), at.column(), path, message, severity));
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    List<Problem> problems() {
        return List.copyOf(problems);
    }
}
