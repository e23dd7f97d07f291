package tokyo.seisei.operator.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code volumes_from} entry, in Compose's forms: {@code SERVICE[:ro|rw]} (a service of the same stack) or
 * {@code container:NAME[:ro|rw]} (a container the stack does not manage). Read-write unless {@code :ro}.
 *
 * @param service   the service of the stack, or null for a container outside it
 * @param container the outside container's name, or null for a service
 */
public record VolumesFrom(String service, String container, boolean readOnly) {

    public static final String FORMS = "SERVICE[:ro|rw] or container:NAME[:ro|rw]";

    private static final String CONTAINER_PREFIX = "container:";
    /** The engine's rule for a container name, which is also the service name rule. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    /** The entry, or empty when it is none of the forms. */
    public static Optional<VolumesFrom> read(String entry) {
        if (entry == null) {
            return Optional.empty();
        }
        boolean outside = entry.startsWith(CONTAINER_PREFIX);
        String rest = outside ? entry.substring(CONTAINER_PREFIX.length()) : entry;
        boolean readOnly = false;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            String mode = rest.substring(colon + 1);
            if (!mode.equals("ro") && !mode.equals("rw")) {
                return Optional.empty();
            }
            readOnly = mode.equals("ro");
            rest = rest.substring(0, colon);
        }
        if (!NAME.matcher(rest).matches()) {
            return Optional.empty();
        }
        return Optional.of(outside ? new VolumesFrom(null, rest, readOnly) : new VolumesFrom(rest, null, readOnly));
    }
}
