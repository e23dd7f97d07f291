package tokyo.seisei.operator.docker;

import java.util.Map;
import java.util.Set;

/**
 * Something the engine says happened to a managed container.
 *
 * @param action die, stop, kill, oom, {@code health_status: unhealthy} ...
 * @param labels the container's labels (its stack, its operator instance)
 */
public record ContainerEvent(String action, Map<String, String> labels) {

    /** What reads a container or its files, or runs a command in it, and leaves it as it was. */
    private static final Set<String> READS_ONLY = Set.of("attach", "detach", "top", "resize", "export", "copy",
            "archive-path", "extract-to-dir", "commit");

    /** A container stopped running, or its health check turned unhealthy: its stack wants a look now. */
    public boolean needsALook() {
        return action != null && (action.equals("die") || action.equals("stop") || action.equals("kill")
                || action.equals("oom") || action.startsWith("health_status: unhealthy"));
    }

    /**
     * Whether the container may now show otherwise in a list: made, started, stopped, renamed, its health changed,
     * removed. A command run in it ({@code exec_*}, a health check's among them) or a read of it does not.
     */
    public boolean changesTheList() {
        return action == null || !(action.startsWith("exec_") || READS_ONLY.contains(action.split(":")[0].strip()));
    }
}
