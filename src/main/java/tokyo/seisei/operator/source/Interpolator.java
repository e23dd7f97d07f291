package tokyo.seisei.operator.source;

import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose-style variable substitution: {@code ${VAR}}, {@code $VAR}, {@code ${VAR:-default}} (unset or
 * empty), {@code ${VAR-default}} (unset), {@code ${VAR:?message}} and {@code ${VAR?message}} (required),
 * and {@code $$} for a literal dollar. {@code VERSION} is the stack's {@code spec.version}.
 */
final class Interpolator {

    /**
     * The default or message group is possessive: a run of plain characters or one escape per step, never given
     * back, so it is matched in a loop rather than by one nested call per character (a default of a few hundred
     * characters would overflow the launcher's 512 KiB stack otherwise).
     */
    private static final Pattern REFERENCE = Pattern.compile(
            "\\$(?:(\\$)|\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])((?:[^}\\\\]++|\\\\.)*+))?}|([A-Za-z_][A-Za-z0-9_]*)|(\\{[^}]*}?))");

    private final Map<String, String> variables;
    private final java.util.Set<String> secretValues = new java.util.LinkedHashSet<>();

    Interpolator(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The values of secret-named variables (PASSWORD, TOKEN, KEY...) that were substituted so far. */
    java.util.Set<String> secretValues() {
        return secretValues;
    }

    /**
     * @param warn receives "variable X is not set" notes; a required variable that is missing throws
     *             IllegalArgumentException
     */
    String apply(String text, Consumer<String> warn) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(m, warn)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String resolve(Matcher m, Consumer<String> warn) {
        if (m.group(1) != null) {
            return "$";
        }
        if (m.group(6) != null) {
            throw new IllegalArgumentException("invalid variable reference '$" + m.group(6)
                    + "': use ${NAME}, ${NAME:-default} or $$ for a literal $");
        }
        String name = m.group(2) != null ? m.group(2) : m.group(5);
        String value = variables.get(name);
        if (value != null && tokyo.seisei.operator.model.Secrets.isSecretName(name)) {
            secretValues.add(value);
        }
        String operator = m.group(3);
        if (operator == null) {
            if (value == null) {
                warn.accept("variable " + name + " is not set; using an empty string");
                return "";
            }
            return value;
        }
        boolean emptyCounts = operator.startsWith(":");
        boolean missing = value == null || (emptyCounts && value.isEmpty());
        if (!missing) {
            return value;
        }
        String argument = m.group(4);
        if (operator.endsWith("?")) {
            throw new IllegalArgumentException("required variable " + name + " is not set"
                    + (argument.isEmpty() ? "" : ": " + argument));
        }
        return argument;
    }
}
