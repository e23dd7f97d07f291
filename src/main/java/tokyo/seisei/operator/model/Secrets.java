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

    /** Words a flag is written with: under a secret-like name (AUTH_ENABLED: "true") they are no secret. */
    private static final Pattern FLAG = Pattern.compile("true|false|yes|no|on|off", Pattern.CASE_INSENSITIVE);

    /**
     * The text with every one of the secret values replaced by {@link #MASK}, the longest first, so a secret that
     * holds another is masked whole; values under 4 characters, and the words of a flag, are left: masking every
     * "true" of a message would hide what it says and protect nothing.
     */
    public static String redact(String text, java.util.Collection<String> secretValues) {
        if (text == null || secretValues.isEmpty()) {
            return text;
        }
        String out = text;
        for (String value : secretValues.stream().filter(v -> v != null && v.length() >= 4 && !FLAG.matcher(v).matches())
                .sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList()) {
            out = out.replace(value, MASK);
        }
        return out;
    }

    /**
     * What a message may quote of a text a container or the engine wrote: the secrets masked in the whole text
     * first, then cut to {@code max} characters ({@code ...} added) and escaped ({@link Printable#escape}), so a
     * secret across the cut, or one that holds a character written as an escape, is still masked whole.
     */
    public static String quoted(String text, java.util.Collection<String> secretValues, int max) {
        if (text == null) {
            return null;
        }
        String masked = redact(text, secretValues);
        if (masked.length() > max) {
            int end = Character.isHighSurrogate(masked.charAt(max - 1)) ? max - 1 : max;
            masked = masked.substring(0, end) + "...";
        }
        return Printable.escape(masked);
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
