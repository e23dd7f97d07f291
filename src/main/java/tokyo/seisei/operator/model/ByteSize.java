package tokyo.seisei.operator.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes for people: 1536 -> "1.5 KiB"; and sizes from people: "512m" -> 536870912. */
public final class ByteSize {

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

    private static final Pattern SIZE =
            Pattern.compile("([0-9]+(?:\\.[0-9]+)?) ?([kmgtp]?)i?b?", Pattern.CASE_INSENSITIVE);

    private ByteSize() {
    }

    /**
     * A size as Compose writes it: a number of bytes, or a number with a unit b, k, m, g, t or p (kb, mb, ... and
     * kib, mib, ... too), powers of 1024 as the engine reads them.
     *
     * @throws IllegalArgumentException when the text is not such a size, or is more than a long holds
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a byte size");
        }
        int power = "bkmgtp".indexOf(m.group(2).isEmpty() ? 'b' : Character.toLowerCase(m.group(2).charAt(0)));
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
        try {
            return bytes.setScale(0, RoundingMode.DOWN).longValueExact();
        } catch (ArithmeticException tooLarge) {
            throw new IllegalArgumentException("too large a byte size");
        }
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
