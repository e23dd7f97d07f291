package tokyo.seisei.operator.model;

/**
 * A top-level network. External networks are used by their {@code name} (default: the key); others are
 * created as {@code <stack>_<key>}.
 */
public record NetworkDeclaration(Boolean external, String name, String driver) {

    public boolean isExternal() {
        return Boolean.TRUE.equals(external);
    }
}
