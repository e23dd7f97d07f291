package tokyo.seisei.operator.engine;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import tokyo.seisei.operator.source.LoadedStack;

/** The order of the stacks in a pass. */
final class PassOrder {

    private PassOrder() {
    }

    /**
     * A staging stack goes before the prod stacks that promote from it, so a version it verifies in this pass
     * reaches them in the same pass.
     */
    static List<LoadedStack> promotionSourcesFirst(List<LoadedStack> stacks) {
        Map<String, String> sourceOf = new HashMap<>();
        stacks.stream().filter(LoadedStack::valid).filter(s -> s.document().spec().promotion() != null)
                .forEach(s -> sourceOf.put(s.name(), s.document().spec().promotion().from()));
        ToIntFunction<LoadedStack> depth = s -> {
            int d = 0;
            for (String at = sourceOf.get(s.name()); at != null && d < stacks.size(); at = sourceOf.get(at)) {
                d++;
            }
            return d;
        };
        return stacks.stream().sorted(Comparator.comparingInt(depth)).toList();
    }
}
