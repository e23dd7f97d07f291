package tokyo.seisei.operator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * After the benches ran: one table, measure | target | measured | verdict, printed and written to
 * {@code -Dbench.report} ({@code docs/performance.md}) with the machine, the date and the command. A measure no bench
 * measured is "not measured". Inert unless the bench profile sets {@code bench.report}, so the tests never write it.
 */
public class BenchReport implements TestExecutionListener {

    static final String NOT_MEASURED = "not measured";

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String report = System.getProperty("bench.report");
        if (report == null) {
            return;
        }
        try {
            Map<Measure, BenchResults.Row> rows = BenchResults.latest();
            List<String> table = table(rows);
            System.out.println();
            table.forEach(System.out::println);
            write(Path.of(report), document(rows, table));
            System.out.println("bench: the table is in " + report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> table(Map<Measure, BenchResults.Row> rows) {
        Map<String, String> runs = runs(rows);
        List<String> lines = new ArrayList<>();
        lines.add("| measure | target | measured | verdict | run |");
        lines.add("|---|---|---|---|---|");
        for (Measure measure : Measure.values()) {
            BenchResults.Row row = rows.get(measure);
            lines.add("| %s | %s | %s | %s | %s |".formatted(measure.label, measure.target,
                    row == null ? NOT_MEASURED : row.measured(), row == null ? "" : row.verdict(),
                    row == null ? "" : runs.get(row.run())));
        }
        return lines;
    }

    /** Each run that measured a row, lettered in the order they ran: A, B, ... */
    private static Map<String, String> runs(Map<Measure, BenchResults.Row> rows) {
        Map<String, String> letters = new LinkedHashMap<>();
        rows.values().stream().map(BenchResults.Row::run).distinct().sorted()
                .forEach(run -> letters.put(run, String.valueOf((char) ('A' + letters.size()))));
        return letters;
    }

    private static String document(Map<Measure, BenchResults.Row> rows, List<String> table) {
        StringBuilder text = new StringBuilder("""
                # Performance

                Written by `make bench` (the `*Bench` classes under the Maven profile `bench`, against the lab's engine);
                do not edit by hand. Figures are medians where a bench repeats a measure; this machine is shared and
                noisy, so read them as orders of size. A measure no bench measures yet reads "not measured".

                """);
        text.append("- date: ").append(LocalDate.now(ZoneOffset.UTC)).append('\n');
        text.append("- machine: ").append(machine()).append('\n');
        Map<String, String> runs = runs(rows);
        Map<String, String> commands = new LinkedHashMap<>();
        rows.values().forEach(row -> commands.put(row.run(), row.command()));
        runs.forEach((run, letter) -> text.append("- run ").append(letter).append(": ").append(run).append(", `")
                .append(commands.get(run)).append("`\n"));
        text.append('\n');
        table.forEach(line -> text.append(line).append('\n'));
        text.append("""

                The launcher's JVM options (`src/bin/stackctl`) are what the daemon and command rows measure; the
                footprint bench also runs the same commands as a plain `java -jar` for comparison (in the measured
                column). Baselines run in the same run as the measure they are beside.
                """);
        return text.toString();
    }

    private static String machine() {
        String cpu = "unknown processor";
        String memory = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / (1024 * 1024) + " GiB").findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            // not Linux: the JVM's own words below still say what it is
        }
        return "%s, %d cores, %s memory; %s %s; Java %s; Docker %s".formatted(cpu,
                Runtime.getRuntime().availableProcessors(), memory, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), dockerVersion());
    }

    private static String dockerVersion() {
        try {
            Process process = new ProcessBuilder("docker", "version", "--format", "{{.Server.Version}}")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
