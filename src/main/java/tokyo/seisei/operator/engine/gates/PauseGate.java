package tokyo.seisei.operator.engine.gates;

import java.util.Optional;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Printable;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.PauseStore;

/** Hands off while a person works by hand: a host-local pause, or {@code spec.paused} in git. Not even drift is healed. */
public record PauseGate(PauseStore pauses) implements Gate {

    @Override
    public Optional<Transition> check(StackContext stack) {
        if (stack.intent().manual()) {
            return Optional.empty();
        }
        return pausedBecause(stack.loaded())
                .map(why -> Transition.to(Phase.Paused, Reason.PAUSED, why).observed(stack.observedServices()));
    }

    /** Why the operator must keep its hands off the stack, if it must. */
    public Optional<String> pausedBecause(LoadedStack loaded) {
        Optional<String> local = pauses.pauseOf(loaded.name()).map(PauseGate::describe);
        if (local.isPresent()) {
            return local;
        }
        boolean inGit = loaded.valid() && loaded.document().spec().pausedInGit();
        return inGit ? Optional.of("paused in git (spec.paused: true)") : Optional.empty();
    }

    /**
     * A host-local pause, for people: who, since when and why, on one line; a reason or a user name given through
     * the API or the CLI is escaped ({@code \n}, {@code \u001b}), so it can neither forge a line nor drive a terminal.
     */
    public static String describe(PauseStore.Pause pause) {
        return "paused by " + Printable.escape(pause.user()) + " since " + Printable.escape(pause.since()) + ": "
                + Printable.escape(pause.reason());
    }
}
