package tokyo.seisei.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Prints a stack's transitions journal (events/<stack>.jsonl), one readable line each.",
        footer = {"", "Exit codes: 0 printed (with -f: until interrupted), 2 unknown stack."})
public class EventsCommand extends StackCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often -f looks at the journal: the daemon appends to it, there is no one to tell us. */
    private static final Duration FOLLOW_EVERY = Duration.ofMillis(500);

    @Parameters(paramLabel = "STACK", description = "The stack.")
    String stack;

    @Option(names = "-n", paramLabel = "N", description = "Only the last N events.")
    Integer last;

    @Option(names = {"-f", "--follow"}, description = "Then print each new event as it is recorded, until interrupted.")
    boolean follow;

    @Override
    public Integer call() throws IOException {
        known.require(stack);
        stateDir.name();
        Path file = layout.events(stack);
        FollowedFile followed = new FollowedFile(file);
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        if (lines.isEmpty() && !follow) {
            stateDir.noRecords();
        }
        Table recorded = table(lines);
        System.out.print(recorded.render(last == null ? 0 : recorded.size() - last));
        System.out.flush();
        while (follow) {
            try {
                Thread.sleep(FOLLOW_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.OK;
            }
            System.out.print(table(followed.newLines()).render());
            System.out.flush();
        }
        return ExitCodes.OK;
    }

    private static Table table(List<String> lines) {
        Table table = Table.headless();
        for (String line : lines) {
            JsonNode e;
            try {
                e = JSON.readTree(line);
            } catch (IOException torn) {
                continue; // a line torn by a crash: the others still tell the story
            }
            if (e == null) {
                continue;
            }
            table.row(e.path("time").asText().replaceFirst("\\.\\d+Z$", "Z"),
                    e.path("from").asText("-") + " -> " + e.path("to").asText(),
                    e.path("reason").asText(""), e.has("durationMs") ? e.path("durationMs").asLong() + "ms" : "",
                    e.path("message").asText(""));
        }
        return table;
    }
}
