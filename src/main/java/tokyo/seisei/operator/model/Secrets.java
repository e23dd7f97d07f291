package tokyo.seisei.operator.model;

import java.util.regex.Pattern;

/**
 * Values that must never be shown: an environment variable whose name says it holds a secret (its name contains
 * pass, secret, token, key, credential, auth, cert or private, in any case) is written {@code NAME=****} in the
 * saved container inspect, and a secret's value substituted into a desired-state file is written {@code ****} in
 * problems, status, history, events and webhooks.
 */
public final class Secrets {

    public static final String MASK = "****";
    /**
     * Anywhere in the name, in any case, as the docs say: wide on purpose (MONKEY and AUTHOR are secret names
     * too), as a value shown by mistake cannot be taken back; pwd alone is the short form of password.
     */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "pass|pwd|secret|token|key|credential|auth|cert|private", Pattern.CASE_INSENSITIVE);

    private Secrets() {
    }

    public static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).find();
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
