package tokyo.seisei.operator.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for stack names, the Compose project rule: lowercase letters, digits and '-', at most 63
 * characters, starting with a letter or a digit. A stack name becomes file names under the state dir, container
 * names and URL paths, so a name that breaks the rule is refused before it is used for any of them.
 */
public final class StackName {

    /** The rule as a pattern, for messages that show it. */
    public static final String PATTERN_TEXT = "[a-z0-9][a-z0-9-]{0,62}";

    /** The rule in words. */
    public static final String RULE = "lowercase letters, digits and '-', at most 63 characters, starting with a letter or a digit";

    private static final Pattern PATTERN = Pattern.compile(PATTERN_TEXT);

    private StackName() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= 63 && PATTERN.matcher(name).matches();
    }

    /** Why the name is not a stack name, or empty when it is one. */
    public static Optional<String> problem(String name) {
        if (isValid(name)) {
            return Optional.empty();
        }
        return Optional.of("'" + Printable.excerpt(String.valueOf(name)) + "' is not a stack name: " + RULE);
    }

    /**
     * The name itself when it keeps the rule.
     *
     * @throws IllegalArgumentException naming the (escaped) name and the rule otherwise
     */
    public static String require(String name) {
        problem(name).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return name;
    }
}
