package tokyo.seisei.operator.source;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The checks of a file's text before any YAML is parsed: UTF-8, no control character but tab, line feed and
 * carriage return (nor any other code point YAML does not allow), and no line longer than the limit. Each
 * refusal is placed at its line and column.
 */
final class TextChecks {

    private TextChecks() {
    }

    /** The text of the bytes, or null when they break a rule, with the problem in the sink. */
    static String decode(byte[] bytes, int maxLine, ProblemSink sink) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int offset = firstUndecodable(bytes);
            String before = new String(bytes, 0, offset, StandardCharsets.UTF_8);
            int[] at = position(before, before.length());
            sink.errorAt(at[0], at[1], "", String.format("the file is not UTF-8 text: byte 0x%02x cannot be decoded",
                    bytes[offset] & 0xff));
            return null;
        }
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!allowed(c)) {
                sink.errorAt(line, column, "", describe(c) + ": a desired-state file holds text only, and tab, line feed"
                        + " and carriage return are the only control characters it may hold");
                return null;
            }
            if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                line++;
                column = 1;
            } else if (c != '\r') {
                if (column > maxLine) {
                    sink.errorAt(line, 1, "", "line " + line + " is longer than " + maxLine
                            + " characters: a value that long belongs in an env_file");
                    return null;
                }
                column++;
            }
            i += Character.charCount(c);
        }
        return text;
    }

    /** What YAML 1.1 allows in a stream (SnakeYAML's rule), less the C1 control NEL. */
    private static boolean allowed(int c) {
        return c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0x7E || c >= 0xA0 && c <= 0xD7FF
                || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
    }

    private static String describe(int c) {
        String name = Character.getName(c);
        String code = String.format("U+%04X", c);
        return Character.getType(c) == Character.CONTROL
                ? "control character " + code + (name == null ? "" : " (" + name + ")")
                : "character " + code + (name == null ? "" : " (" + name + ")") + " is not allowed in YAML";
    }

    private static int firstUndecodable(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : 0;
    }

    /** 1-based line and column of a char index. */
    private static int[] position(String text, int index) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < index; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
            } else if (!Character.isLowSurrogate(c)) {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
