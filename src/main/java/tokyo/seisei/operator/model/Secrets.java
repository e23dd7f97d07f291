package tokyo.seisei.operator.model;

import java.util.regex.Pattern;

/**
 * Values that must never be shown: an environment variable whose name says it holds a secret (PASSWORD, SECRET,
 * TOKEN, a KEY or AUTH part...) is written {@code NAME=****} in the saved container inspect, and a secret's value
 * substituted into a desired-state file is written {@code ****} in problems, status, history, events and webhooks.
 */
public final class Secrets {

    public static final String MASK = "****";
    /** Anywhere in the name for the unmistakable words; as a whole part (between _ . -) for the short ones. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|secret|token|credential|private).*|(.*[_.-])?(pass|pwd|key|apikey|auth|cert)([_.-].*)?");

    private Secrets() {
    }

    public static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /** The text with every one of the secret values replaced by {@link #MASK}; values under 4 characters are left. */
    public static String redact(String text, java.util.Collection<String> secretValues) {
        if (text == null || secretValues.isEmpty()) {
            return text;
        }
        String out = text;
        for (String value : secretValues) {
            if (value != null && value.length() >= 4) {
                out = out.replace(value, MASK);
            }
        }
        return out;
    }

    /** {@code NAME=value} with the value masked when the name says it is a secret. */
    public static String maskAssignment(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq < 0 || !isSecretName(assignment.substring(0, eq))) {
            return assignment;
        }
        return assignment.substring(0, eq + 1) + MASK;
    }
}
