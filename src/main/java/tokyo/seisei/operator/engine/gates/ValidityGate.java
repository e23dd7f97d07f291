package tokyo.seisei.operator.engine.gates;

import java.util.List;
import java.util.Optional;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.source.Problem;

/** A desired-state file with errors is not applied: the stack is Blocked until the file is fixed. */
public final class ValidityGate implements Gate {

    @Override
    public Optional<Transition> check(StackContext stack) {
        if (stack.loaded().valid()) {
            return Optional.empty();
        }
        String problems = describe(stack.loaded().errors());
        return Optional.of(stack.blocked(Reason.INVALID_SPEC, problems, problems));
    }

    private static String describe(List<Problem> errors) {
        String first = errors.get(0).toString();
        return errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more; run stackctl validate)";
    }
}
