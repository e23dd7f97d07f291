package tokyo.seisei.operator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the benches measured, one line a measure, appended to {@code -Dbench.results} (the bench profile sets
 * {@code target/bench-results.tsv}; {@code make bench} empties it first). A run of a few benches only adds its lines to
 * those of earlier runs, each line naming the run it came from, so a table can be put together from several runs and
 * say which row came from which.
 */
final class BenchResults {

    /** This run: when the JVM that runs the benches started, to the second. */
    static final String RUN = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    enum Verdict {
        HOLDS("holds"), MISS("miss"), INFORMATIVE("—");

        final String word;

        Verdict(String word) {
            this.word = word;
        }

        static Verdict of(boolean holds) {
            return holds ? HOLDS : MISS;
        }
    }

    record Row(String run, String command, Measure measure, String measured, String verdict) {
    }

    private BenchResults() {
    }

    static void record(Measure measure, String measured, Verdict verdict) {
        System.out.printf("bench: %s: %s (target %s: %s)%n", measure.label, measured, measure.target, verdict.word);
        Path file = file();
        if (file == null) {
            return;
        }
        String line = String.join("\t", RUN, command(), measure.name(), clean(measured), verdict.word) + "\n";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest line of each measure in the file. */
    static Map<Measure, Row> latest() throws IOException {
        Map<Measure, Row> rows = new EnumMap<>(Measure.class);
        Path file = file();
        if (file == null || !Files.exists(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines) {
            String[] cells = line.split("\t", -1);
            if (cells.length == 5) {
                Measure measure = Measure.valueOf(cells[2]);
                rows.put(measure, new Row(cells[0], cells[1], measure, cells[3], cells[4]));
            }
        }
        return rows;
    }

    static Path file() {
        String file = System.getProperty("bench.results");
        return file == null ? null : Path.of(file);
    }

    /** How this run was started: {@code make bench}, or the benches named by {@code -Dit.test}. */
    static String command() {
        String only = System.getProperty("bench.only", "");
        return only.isBlank() || only.startsWith("${") ? "make bench"
                : "mvn -B -ntp verify -Pbench -Dit.test=" + only;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** The middle value; of an even count, the upper of the two in the middle. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ');
    }
}
