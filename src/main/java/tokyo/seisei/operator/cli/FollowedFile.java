package tokyo.seisei.operator.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines appended to a file since the last look, as {@code tail -f} gives them: only whole lines (a line being
 * written is handed over once it ends), and from the start again when the file was replaced by a shorter one.
 */
final class FollowedFile {

    private final Path file;
    private long offset;

    /** Following from the file's end as it is now. */
    FollowedFile(Path file) throws IOException {
        this.file = file;
        this.offset = Files.exists(file) ? Files.size(file) : 0;
    }

    List<String> newLines() throws IOException {
        if (!Files.exists(file)) {
            offset = 0;
            return List.of();
        }
        long size = Files.size(file);
        if (size < offset) {
            offset = 0;
        }
        if (size == offset) {
            return List.of();
        }
        byte[] added = new byte[(int) Math.min(size - offset, Integer.MAX_VALUE)];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(offset);
            in.readFully(added);
        }
        int end = lastNewline(added);
        if (end < 0) {
            return List.of();
        }
        offset += end + 1;
        List<String> lines = new ArrayList<>(List.of(new String(added, 0, end, StandardCharsets.UTF_8).split("\n", -1)));
        return lines;
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
