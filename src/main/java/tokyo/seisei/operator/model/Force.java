package tokyo.seisei.operator.model;

/**
 * An emergency deploy that skips the promotion gate, and only that gate (never the policy checks, the backup
 * or the smoke). Honoured only while {@code version} equals {@code spec.version}; recorded as FORCED with its reason.
 */
public record Force(String version, String reason) {

    public boolean appliesTo(String specVersion) {
        return version != null && version.equals(specVersion) && reason != null && !reason.isBlank();
    }
}
