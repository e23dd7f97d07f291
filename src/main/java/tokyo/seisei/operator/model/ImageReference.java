package tokyo.seisei.operator.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference {@code name[:tag][@digest]} split as the distribution spec does: a tag is the part
 * after the last colon that follows the last slash.
 *
 * @param tag    null when none is written
 * @param digest null when none is written, else {@code sha256:...}
 */
public record ImageReference(String name, String tag, String digest) {

    /** distribution/reference: a name is at most 255 characters, registry host included. */
    public static final int NAME_MAX = 255;

    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN_COMPONENT = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("\\[[a-fA-F0-9:]+\\]");
    private static final Pattern PORT = Pattern.compile("[0-9]+");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");

    public static ImageReference parse(String reference) {
        String rest = reference;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        return new ImageReference(rest, tag, digest);
    }

    public boolean pinned() {
        return tag != null || digest != null;
    }

    /**
     * Which rule of the reference grammar of distribution/reference the text breaks, in words, or empty when it is
     * a reference: {@code [HOST[:PORT]/]PATH[:TAG][@ALGORITHM:HEX]}, the path lowercase components joined by
     * {@code /}, each letters and digits separated by {@code .}, {@code _}, {@code __} or dashes.
     */
    public static Optional<String> grammarError(String reference) {
        if (reference.length() > NAME_MAX + 1 + 128 + 1 + 200) {
            return Optional.of("it is " + reference.length() + " characters long; a name is at most " + NAME_MAX
                    + " characters and a tag at most 128");
        }
        ImageReference ref = parse(reference);
        if (ref.digest() != null && !DIGEST.matcher(ref.digest()).matches()) {
            return Optional.of("the digest '" + ref.digest() + "' must be ALGORITHM:HEX, e.g. sha256: and 64 hex digits");
        }
        if (ref.tag() != null && ref.tag().isEmpty()) {
            return Optional.of("the tag after ':' is empty");
        }
        if (ref.tag() != null && !TAG.matcher(ref.tag()).matches()) {
            return Optional.of("the tag '" + ref.tag() + "' must be 1 to 128 letters, digits, '_', '.' or '-', not starting"
                    + " with '.' or '-'");
        }
        return nameError(ref.name());
    }

    private static Optional<String> nameError(String name) {
        if (name.isEmpty()) {
            return Optional.of("the name is empty");
        }
        if (name.length() > NAME_MAX) {
            return Optional.of("the name is " + name.length() + " characters long, at most " + NAME_MAX);
        }
        String[] parts = name.split("/", -1);
        int first = 0;
        if (parts.length > 1 && isDomain(parts[0])) {
            Optional<String> domain = domainError(parts[0]);
            if (domain.isPresent()) {
                return domain;
            }
            first = 1;
        }
        for (int i = first; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                return Optional.of("the name '" + name + "' has an empty path component: no leading, trailing or double '/'");
            }
            if (!PATH_COMPONENT.matcher(parts[i]).matches()) {
                return Optional.of("the path component '" + parts[i] + "' must be lowercase letters and digits, separated"
                        + " by '.', '_', '__' or '-'");
            }
        }
        return Optional.empty();
    }

    /** As Docker tells a registry host from a first path component: a dot, a colon, localhost or a capital. */
    private static boolean isDomain(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase());
    }

    private static Optional<String> domainError(String domain) {
        String host = domain;
        String port = null;
        int colon = domain.lastIndexOf(':');
        if (colon >= 0 && colon > domain.lastIndexOf(']')) {
            host = domain.substring(0, colon);
            port = domain.substring(colon + 1);
        }
        boolean hostOk = IPV6.matcher(host).matches() || !host.isEmpty()
                && java.util.Arrays.stream(host.split("\\.", -1)).allMatch(c -> DOMAIN_COMPONENT.matcher(c).matches());
        if (!hostOk) {
            return Optional.of("the registry host '" + host + "' must be a host name, an IPv4 address or an [IPv6] address");
        }
        if (port != null && !PORT.matcher(port).matches()) {
            return Optional.of("the registry port '" + port + "' must be a number");
        }
        return Optional.empty();
    }
}
