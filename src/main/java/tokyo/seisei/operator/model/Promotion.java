package tokyo.seisei.operator.model;

/**
 * Where a prod stack takes its versions from: only a version that the {@code from} stack verified (a
 * successful smoke there) is deployable, pinned to the image digests that ran there.
 */
public record Promotion(String from) {
}
