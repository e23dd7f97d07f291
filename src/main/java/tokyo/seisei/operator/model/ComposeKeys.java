package tokyo.seisei.operator.model;

import java.util.Set;

/** The keys a long form of a Compose field may hold here: one list for the reader and for import-compose. */
public final class ComposeKeys {

    /** A port in the long form. */
    public static final Set<String> PORT = Set.of("target", "published", "host_ip", "protocol", "mode");
    /** A service volume in the long form. */
    public static final Set<String> VOLUME = Set.of("type", "source", "target", "read_only");
    /** A service's network in the map form. */
    public static final Set<String> SERVICE_NETWORK = Set.of("aliases");
    /** A depends_on entry in the map form; required and restart are accepted and ignored. */
    public static final Set<String> DEPENDENCY = Set.of("condition", "required", "restart");
    /** One ulimit in the map form. */
    public static final Set<String> ULIMIT = Set.of("soft", "hard");
    /** deploy: resources.limits with these keys, nothing else. */
    public static final Set<String> DEPLOY_LIMITS = Set.of("memory", "cpus");

    private ComposeKeys() {
    }
}
