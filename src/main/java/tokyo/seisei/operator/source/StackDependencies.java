package tokyo.seisei.operator.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tokyo.seisei.operator.model.StackName;

/** spec.dependsOn: each names another stack of the folder, and no stack depends on itself, directly or not. */
final class StackDependencies {

    private StackDependencies() {
    }

    static void check(List<DesiredStateLoader.Draft> drafts) {
        Map<String, List<String>> edges = new HashMap<>();
        Set<String> names = new HashSet<>();
        drafts.forEach(d -> names.add(d.name()));
        for (DesiredStateLoader.Draft draft : drafts) {
            if (draft.document() == null || draft.document().spec() == null) {
                continue;
            }
            List<String> dependsOn = draft.document().spec().dependsOn();
            for (int i = 0; i < dependsOn.size(); i++) {
                String at = "spec.dependsOn[" + i + "]";
                String other = dependsOn.get(i);
                if (other == null || !StackName.isValid(other)) {
                    draft.sink().error(at, at + " must be a stack name: " + StackName.RULE);
                } else if (other.equals(draft.name())) {
                    draft.sink().error(at, at + " names this stack itself");
                } else if (!names.contains(other)) {
                    draft.sink().error(at, at + " names stack '" + other + "', which has no file in "
                            + draft.file().toAbsolutePath().getParent());
                }
            }
            edges.put(draft.name(), dependsOn);
        }
        for (DesiredStateLoader.Draft draft : drafts) {
            List<String> cycle = cycleFrom(draft.name(), edges, new ArrayList<>());
            if (!cycle.isEmpty()) {
                draft.sink().error("spec.dependsOn", "spec.dependsOn makes a cycle: " + String.join(" -> ", cycle)
                        + "; a stack cannot wait for itself");
            }
        }
    }

    /** The path back to {@code stack}, when one of its dependencies leads there; else empty. */
    private static List<String> cycleFrom(String stack, Map<String, List<String>> edges, List<String> path) {
        path.add(stack);
        for (String next : edges.getOrDefault(stack, List.of())) {
            if (next == null) {
                continue;
            }
            if (next.equals(path.get(0))) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(next);
                return cycle;
            }
            if (!path.contains(next)) {
                List<String> found = cycleFrom(next, edges, path);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        path.remove(path.size() - 1);
        return List.of();
    }
}
