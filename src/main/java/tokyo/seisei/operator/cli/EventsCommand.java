package tokyo.seisei.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Prints a stack's transitions journal (events/<stack>.jsonl), one readable line each.",
        footer = {"", "Exit codes: 0 printed, 2 unknown stack."})
public class EventsCommand extends StackCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "STACK", description = "The stack.")
    String stack;

    @Option(names = "-n", paramLabel = "N", description = "Only the last N events.")
    Integer last;

    @Override
    public Integer call() throws IOException {
        known.require(stack);
        stateDir.name();
        Path file = layout.events(stack);
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        if (lines.isEmpty()) {
            stateDir.noRecords();
        }
        Table table = Table.headless();
        for (String line : lines) {
            JsonNode e;
            try {
                e = JSON.readTree(line);
            } catch (IOException torn) {
                continue; // a line torn by a crash: the others still tell the story
            }
            table.row(e.path("time").asText().replaceFirst("\\.\\d+Z$", "Z"),
                    e.path("from").asText("-") + " -> " + e.path("to").asText(),
                    e.path("reason").asText(""), e.has("durationMs") ? e.path("durationMs").asLong() + "ms" : "",
                    e.path("message").asText(""));
        }
        System.out.print(table.render(last == null ? 0 : table.size() - last));
        return ExitCodes.OK;
    }
}
