package tokyo.seisei.operator.engine;

import java.util.Map;
import tokyo.seisei.operator.model.Phase;

/**
 * How a pass ended.
 *
 * @param phases      the phase each stack ended in
 * @param engineError why the engine could not be used at all this pass, or null
 * @param retry       true when a stack hit a transient failure and the pass should be repeated soon
 * @param leftAlone   the stacks not converged, since nothing they read changed since they were Ready ({@link QuietStacks})
 */
public record PassResult(Map<String, Phase> phases, String engineError, boolean retry, int leftAlone) {

    public PassResult(Map<String, Phase> phases, String engineError, boolean retry) {
        this(phases, engineError, retry, 0);
    }

    public boolean allSettled() {
        return engineError == null && phases.values().stream().allMatch(Phase::settled);
    }
}
