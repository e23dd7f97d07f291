package tokyo.seisei.operator.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Whole lines out of the chunks of one followed stream: the engine's frames cut lines anywhere, even inside a
 * UTF-8 character, so bytes are kept until their newline comes.
 */
final class LogLines {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Consumer<String> line;

    LogLines(Consumer<String> line) {
        this.line = line;
    }

    synchronized void accept(byte[] chunk) {
        for (byte b : chunk) {
            if (b == '\n') {
                emit();
            } else {
                pending.write(b);
            }
        }
    }

    /** What is left without its newline: the stream ended. */
    synchronized void flush() {
        if (pending.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String text = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        line.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
