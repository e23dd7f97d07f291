package tokyo.seisei.operator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.Fixtures;
import tokyo.seisei.operator.model.Service;

/** How a service is stopped, in Compose's words: init, stop_signal, stop_grace_period. */
class StopSettingsTest {

    @TempDir
    Path dir;

    LoadedStack load(String yaml) throws IOException {
        return new DesiredStateLoader(Map.of()).load(Files.writeString(dir.resolve("shop.yaml"), yaml));
    }

    String withWeb(String lines) {
        return Fixtures.SHOP.replace("      command: httpd -f -p \"8080\"\n", "      command: httpd -f -p \"8080\"\n" + lines);
    }

    @Test
    void initAndAStopSignalAreRead() throws IOException {
        LoadedStack stack = load(withWeb("      init: true\n      stop_signal: SIGINT\n      stop_grace_period: 3s\n"));
        assertTrue(stack.valid(), () -> stack.problems().toString());
        Service web = stack.document().spec().services().get("web");
        assertEquals(Boolean.TRUE, web.init());
        assertEquals("SIGINT", web.stopSignal());
        assertEquals(null, stack.document().spec().services().get("db").init(), "absent: the engine's default");
    }

    @Test
    void aSignalIsWrittenAsTheEngineReadsIt() throws IOException {
        for (String signal : new String[] {"SIGTERM", "sigquit", "INT", "SIGRTMIN+3", "SIGRTMAX-1", "9", "\"15\""}) {
            LoadedStack stack = load(withWeb("      stop_signal: " + signal + "\n"));
            assertTrue(stack.valid(), () -> signal + ": " + stack.problems());
        }
    }

    @Test
    void aStopSignalTheEngineDoesNotKnowIsRefusedAtItsLine() throws IOException {
        for (String signal : new String[] {"SIGTERMINATE", "0", "65", "SIGRTMIN+16", "TERM INT", "\"\""}) {
            LoadedStack stack = load(withWeb("      stop_signal: " + signal + "\n"));
            assertEquals(1, stack.errors().size(), () -> signal + ": " + stack.problems());
            String error = stack.errors().get(0).toString();
            assertTrue(error.contains("shop.yaml:12:20: spec.services.web.stop_signal '")
                    && error.endsWith("' is not a signal: write a name such as SIGTERM, SIGINT or SIGQUIT,"
                    + " or a signal number from 1 to 64"), error);
        }
    }

    @Test
    void initIsTrueOrFalse() throws IOException {
        LoadedStack stack = load(withWeb("      init: sometimes\n"));
        assertEquals(1, stack.errors().size(), () -> stack.problems().toString());
        assertTrue(stack.errors().get(0).toString().contains("spec.services.web.init"), stack.errors().get(0).toString());
    }
}
