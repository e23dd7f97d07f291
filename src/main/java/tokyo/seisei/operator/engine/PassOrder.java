package tokyo.seisei.operator.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tokyo.seisei.operator.source.LoadedStack;

/**
 * The order of the stacks in a pass: a stack goes after the stacks it needs, its promotion source (so a version
 * verified there in this pass reaches it in the same pass) and those of its {@code spec.dependsOn}. Stacks that
 * need nothing of each other converge side by side.
 */
final class PassOrder {

    private PassOrder() {
    }

    /** The stacks of the pass that this one waits for; a cycle (an invalid file) waits for nothing. */
    static Map<String, List<String>> predecessors(List<LoadedStack> stacks) {
        Map<String, List<String>> before = new LinkedHashMap<>();
        List<String> names = stacks.stream().map(LoadedStack::name).toList();
        for (LoadedStack stack : stacks) {
            List<String> needs = new ArrayList<>();
            if (stack.valid()) {
                if (stack.document().spec().promotion() != null) {
                    needs.add(stack.document().spec().promotion().from());
                }
                needs.addAll(stack.document().spec().dependsOn());
            }
            before.put(stack.name(), needs.stream().filter(names::contains).distinct().toList());
        }
        return before;
    }

    /** Every stack after all it waits for, as far as the file's dependencies allow; otherwise in file order. */
    static List<LoadedStack> dependenciesFirst(List<LoadedStack> stacks) {
        return dependenciesFirst(stacks, predecessors(stacks));
    }

    /** @param before what each stack waits for */
    static List<LoadedStack> dependenciesFirst(List<LoadedStack> stacks, Map<String, List<String>> before) {
        List<LoadedStack> ordered = new ArrayList<>();
        List<LoadedStack> left = new ArrayList<>(stacks);
        while (!left.isEmpty()) {
            List<String> placed = ordered.stream().map(LoadedStack::name).toList();
            LoadedStack next = left.stream().filter(s -> placed.containsAll(before.get(s.name()))).findFirst()
                    .orElse(left.get(0)); // a cycle: validation blocks those stacks anyway
            ordered.add(next);
            left.remove(next);
        }
        return ordered;
    }
}
