package tokyo.seisei.operator.model;

/**
 * An image reference {@code name[:tag][@digest]} split as the distribution spec does: a tag is the part
 * after the last colon that follows the last slash.
 *
 * @param tag    null when none is written
 * @param digest null when none is written, else {@code sha256:...}
 */
public record ImageReference(String name, String tag, String digest) {

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
}
