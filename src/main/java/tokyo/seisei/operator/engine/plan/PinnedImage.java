package tokyo.seisei.operator.engine.plan;

import tokyo.seisei.operator.model.ImageReference;

/**
 * A service's image as written, and the digest its promotion source verified under that name: what a
 * promoted stack runs instead of the tag.
 */
public record PinnedImage(String tag, String digest) {

    /** {@code name:tag@sha256:...}: the digest decides what runs, and the tag still says which version it is. */
    public String image() {
        ImageReference written = ImageReference.parse(tag);
        String named = written.tag() == null ? written.name() : written.name() + ":" + written.tag();
        return named + "@" + ImageReference.parse(digest).digest();
    }
}
