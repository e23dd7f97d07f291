package tokyo.seisei.operator.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An env_file as Compose reads it: KEY=VALUE lines, {@code #} comments and blank lines skipped, a leading
 * {@code export } dropped, one pair of surrounding quotes removed; a line without {@code =} sets an empty value.
 *
 * @param values     by name, in file order, the last of a name winning
 * @param badLines   the numbers (from 1) of the lines whose name is not a variable name
 */
public record EnvFile(Map<String, String> values, List<Integer> badLines) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    /** @throws UncheckedIOException when the file cannot be read */
    public static EnvFile read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read env_file " + file + ": " + e.getMessage(), e);
        }
    }

    static EnvFile parse(List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        List<Integer> bad = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = (eq < 0 ? line : line.substring(0, eq)).replaceFirst("^export\\s+", "").strip();
            String value = eq < 0 ? "" : line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            if (!NAME.matcher(key).matches()) {
                bad.add(n + 1);
                continue;
            }
            values.put(key, value);
        }
        return new EnvFile(values, bad);
    }
}
