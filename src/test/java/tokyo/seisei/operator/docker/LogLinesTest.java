package tokyo.seisei.operator.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A followed log is handed over line by line, whatever the frames cut. */
class LogLinesTest {

    final List<String> lines = new ArrayList<>();
    final LogLines logLines = new LogLines(lines::add);

    @Test
    void wholeLinesOnlyEvenWhenAFrameCutsACharacter() {
        byte[] text = "gut\r\nüber\nend".getBytes(StandardCharsets.UTF_8);
        int cut = "gut\r\n".length() + 1; // inside the two bytes of "ü"
        logLines.accept(Arrays.copyOfRange(text, 0, cut));
        assertEquals(List.of("gut"), lines, "a line without its newline waits; a CRLF ends as a plain line");
        logLines.accept(Arrays.copyOfRange(text, cut, text.length));
        assertEquals(List.of("gut", "über"), lines);
        logLines.flush();
        assertEquals(List.of("gut", "über", "end"), lines, "what is left when the stream ends");
        logLines.flush();
        assertEquals(3, lines.size());
    }
}
