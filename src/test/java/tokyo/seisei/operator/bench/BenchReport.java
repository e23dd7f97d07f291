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
        if (report != null) {
            report(report);
        }
    }

    /**
     * The table again from the results recorded so far, without running a bench (e.g. after a run that was stopped
     * before its end): {@code -Dbench.results=... -Dbench.report=...}.
     */
    public static void main(String[] args) {
        report(System.getProperty("bench.report", "docs/performance.md"));
    }

    private static void report(String report) {
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
        text.append("- load average when the table was written (1, 5, 15 min): ").append(load())
                .append(" on a machine shared with other work\n");
        Map<String, String> runs = runs(rows);
        Map<String, String> commands = new LinkedHashMap<>();
        rows.values().forEach(row -> commands.put(row.run(), row.command()));
        runs.forEach((run, letter) -> text.append("- run ").append(letter).append(": ").append(run).append(", `")
                .append(commands.get(run)).append("`\n"));
        text.append('\n');
        table.forEach(line -> text.append(line).append('\n'));
        text.append("""

                Baselines ran in the same run as the measure beside them: a docker CLI script (`docker rm -f`, then
                `docker run` of the previous version) for the rollback; for the deploy and its serving gap, a docker
                CLI script taking turns with the operator (`docker pull`, `docker rm -f`, `docker run`, then the
                stack's smoke: /health tried every second); for the first converge, a docker CLI script making
                the same networks (each with a subnet of its own) and containers, 4 at a time, without a smoke; for
                the change to 50 stacks, a docker CLI script changing 50 stacks of its own (`docker pull`,
                `docker rm -f`, `docker run` of the new version), 4 at a time, without a smoke; for
                Compose, the networks Docker's default address pools hold, counted rather than filled, since the
                engine is shared; a plain `java -jar` beside the launcher for the daemon and the command.

                ## The launcher's JVM options

                The daemon and command rows run through `src/bin/stackctl`, whose options were chosen by these
                measures: SerialGC, a heap of 16m growing to 96m at most (starting at the maximum kept about
                20 MiB more resident; the daemon may grow to 192m, taken only as hundreds of stacks need it),
                512 KiB thread stacks, the C1 compiler only (a start in about half the time and CPU), no
                hsperfdata (its sampler, 20 wake-ups a second, was a quarter of an idle daemon's CPU), the
                operator's own code compiled after a tenth of the usual calls (a pass runs most of it once, so it
                would stay interpreted for some 200 passes), idle monitors looked for once a second rather than four
                times (each wake-up of that JVM thread cost about 0.3 ms), JVM warnings on stderr. AppCDS is a dynamic archive the launcher makes on its first command other than `run`
                (`-XX:ArchiveClassesAtExit`, as Java 17 has no `-XX:+AutoCreateSharedArchive`), a whole start of the
                application, and maps at every later start; Quarkus's build-time archive is not used, so
                `make build` and `make test` are unchanged. `stackctl status` and `history` do not start the
                application: they read the settings and the files and exit (docs/architecture.md). Quarkus's pools are fixed and small (`application.properties`: 2 event
                loops, at most 8 workers, 4 internal blocking threads) rather than growing with the cores, and
                the polls are timed on the operator's own threads, not by Quarkus's scheduler, which wakes every
                second whatever the interval.
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

    private static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.join(", ", fields[0], fields[1], fields[2]);
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
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
