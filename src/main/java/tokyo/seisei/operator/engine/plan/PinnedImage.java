package tokyo.seisei.operator.engine.plan;

/**
 * A service's image as written, and the digest its promotion source verified under that name: what a
 * promoted stack runs instead of the tag.
 */
public record PinnedImage(String tag, String digest) {
}
