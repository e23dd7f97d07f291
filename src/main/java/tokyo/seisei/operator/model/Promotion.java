package tokyo.seisei.operator.model;

/**
 * Where a prod stack takes its versions from: only a version that the {@code from} stack verified (a
 * successful smoke there) is deployable, pinned to the image digests that ran there.
 *
 * @param required false for a prod stack that has no staging stack: it takes its versions as they are, and says so
 *                 in its own file
 */
public record Promotion(String from, Boolean required) {

    /** True when the stack declares that it has no staging stack to take its versions from. */
    public boolean optedOut() {
        return Boolean.FALSE.equals(required);
    }
}
