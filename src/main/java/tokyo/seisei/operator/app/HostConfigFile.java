package tokyo.seisei.operator.app;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The host's settings file, {@code /etc/stack-operator/application.properties}, read by the daemon and every
 * command when it exists. Its ordinal puts it above the packaged defaults (250) and below
 * {@code ./config/application.properties} (260), the environment (300) and system properties (400), so a setting
 * is looked for in the environment first, then in {@code ./config/}, then here.
 */
public final class HostConfigFile implements ConfigSource {

    public static final Path FILE = Path.of("/etc/stack-operator/application.properties");
    static final int ORDINAL = 255;

    private final Path file;
    private final Map<String, String> properties;

    public HostConfigFile() {
        this(FILE);
    }

    HostConfigFile(Path file) {
        this.file = file;
        this.properties = read(file);
    }

    private static Map<String, String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException("cannot read the settings file " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
        Map<String, String> values = new TreeMap<>();
        loaded.stringPropertyNames().forEach(key -> values.put(key, loaded.getProperty(key)));
        return Map.copyOf(values);
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "host settings " + file;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
