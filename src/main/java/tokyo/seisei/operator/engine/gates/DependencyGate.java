package tokyo.seisei.operator.engine.gates;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import tokyo.seisei.operator.engine.status.StatusDraft;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.StackStatus;

/**
 * {@code spec.dependsOn}: a stack is deployed only once the stacks it depends on are Ready; until then it stays
 * Progressing (DependencyNotReady). What already runs as desired is still healed meanwhile.
 *
 * @param statuses the status of another stack, as last written
 */
public record DependencyGate(Function<String, Optional<StackStatus>> statuses) implements Gate {

    @Override
    public Optional<Transition> check(StackContext stack) {
        StatusDraft draft = stack.draft();
        boolean runsAsDesired = draft.sameRevision() && stack.loaded().desiredVersion() != null
                && stack.loaded().desiredVersion().equals(draft.currentVersion());
        if (runsAsDesired) {
            return Optional.empty();
        }
        List<String> waiting = stack.loaded().document().spec().dependsOn().stream()
                .filter(other -> statuses.apply(other).map(StackStatus::phase).orElse(null) != Phase.Ready)
                .map(other -> other + " (" + statuses.apply(other).map(s -> String.valueOf(s.phase())).orElse("not deployed") + ")")
                .toList();
        return waiting.isEmpty() ? Optional.empty() : Optional.of(Transition.to(Phase.Progressing, Reason.DEPENDENCY_NOT_READY,
                "waits for " + String.join(", ", waiting) + " to be Ready (spec.dependsOn)").observed(stack.observedServices()));
    }
}
