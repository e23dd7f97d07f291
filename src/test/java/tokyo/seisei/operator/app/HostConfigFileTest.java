package tokyo.seisei.operator.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheHostsSettingsBetweenThePackagedDefaultsAndTheWorkingFolders() throws IOException {
        Path file = Files.writeString(dir.resolve("application.properties"),
                "# the host\noperator.state-dir=/srv\noperator.poll-interval = 30s\n");
        HostConfigFile source = new HostConfigFile(file);
        assertEquals(Set.of("operator.state-dir", "operator.poll-interval"), source.getPropertyNames());
        assertEquals("30s", source.getValue("operator.poll-interval"));
        assertTrue(source.getOrdinal() > 250 && source.getOrdinal() < 260, "above the packaged file, below ./config/");
        assertTrue(source.getName().contains(file.toString()));
    }

    @Test
    void aHostWithoutTheFileHasNoSettingsFromIt() {
        HostConfigFile source = new HostConfigFile(dir.resolve("missing.properties"));
        assertEquals(Set.of(), source.getPropertyNames());
        assertNull(source.getValue("operator.state-dir"));
    }
}
