package tokyo.seisei.operator.model;

/**
 * A top-level named volume. External volumes are used by their {@code name} (default: the key); others
 * are created as {@code <stack>_<key>}.
 */
public record VolumeDeclaration(Boolean external, String name, String driver) {

    public boolean isExternal() {
        return Boolean.TRUE.equals(external);
    }
}
