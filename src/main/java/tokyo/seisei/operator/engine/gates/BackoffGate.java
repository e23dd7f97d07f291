package tokyo.seisei.operator.engine.gates;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import tokyo.seisei.operator.engine.status.StatusDraft;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.model.Phase;

/** While a transient failure's backoff has not run out, the stack is left as it is; a new revision ends the wait. */
public record BackoffGate(Clock clock) implements Gate {

    @Override
    public Optional<Transition> check(StackContext stack) {
        StatusDraft draft = stack.draft();
        boolean waiting = !stack.intent().manual() && draft.phase() == Phase.Progressing && draft.retry() != null
                && draft.sameRevision() && clock.instant().isBefore(Instant.parse(draft.retry().nextAttemptAt()));
        return waiting ? Optional.of(Transition.unchanged(draft)) : Optional.empty();
    }
}
