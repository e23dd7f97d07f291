package tokyo.seisei.operator.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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

    /**
     * Why an env_file is not read; the message starts with the file's path and says the rule, e.g.
     * {@code /dev/zero is a special file (FIFO, socket or device): an env_file must be a regular file; it is not read}.
     */
    public static final class Refused extends UncheckedIOException {
        Refused(Path file, String why) {
            super(file + " " + why, new IOException(file + " " + why));
        }
    }

    /**
     * The file, when it is a regular file (a link is followed to its target, which must be one) of at most
     * {@code maxBytes} bytes of UTF-8 text. Only its attributes are read before: a FIFO, a device or a folder is
     * never opened, so it can neither block nor fill the memory.
     *
     * @param maxBytes the largest env_file read: the operator's {@code operator.max-file-size}
     * @throws Refused when the file does not exist, is not a regular file, is larger or is not UTF-8
     */
    public static EnvFile read(Path file, long maxBytes) {
        Path real;
        BasicFileAttributes attributes;
        try {
            real = file.toRealPath();
            attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | SecurityException e) {
            throw new Refused(file, "does not exist or cannot be read");
        }
        if (!attributes.isRegularFile()) {
            throw new Refused(file, "is " + (attributes.isDirectory() ? "a folder"
                    : attributes.isOther() ? "a special file (FIFO, socket or device)" : "not a regular file")
                    + ": an env_file must be a regular file; it is not read");
        }
        if (attributes.size() > maxBytes) {
            throw new Refused(file, tooLarge(attributes.size(), maxBytes));
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException | SecurityException e) {
            throw new Refused(file, "does not exist or cannot be read");
        }
        if (bytes.length > maxBytes) {
            throw new Refused(file, tooLarge(bytes.length, maxBytes));
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return parse(text.lines().toList());
        } catch (CharacterCodingException e) {
            throw new Refused(file, "cannot be read as UTF-8 text");
        }
    }

    private static String tooLarge(long size, long maxBytes) {
        return "is " + size + " bytes, more than operator.max-file-size (" + maxBytes
                + " bytes), the most read from an env_file; it is not read";
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
