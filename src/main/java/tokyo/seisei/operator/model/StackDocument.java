package tokyo.seisei.operator.model;

/**
 * One desired-state file, {@code desired-state/<stack>.yaml}: the Kubernetes-style envelope around a
 * {@link StackSpec}.
 */
public record StackDocument(String apiVersion, String kind, Metadata metadata, StackSpec spec) {

    public static final String API_VERSION = "operator.seisei.tokyo/v1";
    public static final String KIND = "Stack";

    public record Metadata(String name) {
    }

    public String name() {
        return metadata == null ? null : metadata.name();
    }
}
