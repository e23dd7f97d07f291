package tokyo.seisei.operator.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text from files, names and engines made fit for one line of a log, a terminal or a status message: control
 * characters are written as escapes ({@code \n}, {@code \u001b}), so they can neither forge a line nor drive a
 * terminal, and long stretches are cut, so a huge value is never echoed whole.
 */
public final class Printable {

    /** The most characters of one unbroken stretch (a value, a key, a path) a message keeps. */
    public static final int MAX_QUOTE = 200;

    /** The most characters a whole message keeps. */
    public static final int MAX_MESSAGE = 600;

    private static final Pattern LONG_STRETCH = Pattern.compile("\\S{" + (MAX_QUOTE + 1) + ",}");

    private Printable() {
    }

    /** True when the code point would be written as an escape: a control character or a line or paragraph separator. */
    public static boolean escaped(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** The text with every control character written as an escape; null stays null. */
    public static String escape(String text) {
        if (text == null || text.codePoints().noneMatch(Printable::escaped)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (escaped(c)) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    /**
     * The text escaped, each unbroken stretch longer than {@link #MAX_QUOTE} cut to its first {@link #MAX_QUOTE}
     * characters, and the whole cut to {@link #MAX_MESSAGE}; what was left out is counted.
     */
    public static String excerpt(String text) {
        String escaped = escape(text);
        if (escaped == null || escaped.length() <= MAX_QUOTE) {
            return escaped;
        }
        Matcher stretch = LONG_STRETCH.matcher(escaped);
        StringBuilder out = new StringBuilder();
        while (stretch.find()) {
            stretch.appendReplacement(out, Matcher.quoteReplacement(cut(stretch.group(), MAX_QUOTE)));
        }
        stretch.appendTail(out);
        return cut(out.toString(), MAX_MESSAGE);
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…(" + (text.length() - end) + " more characters)";
    }
}
