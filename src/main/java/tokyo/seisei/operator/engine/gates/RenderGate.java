package tokyo.seisei.operator.engine.gates;

import java.util.Optional;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.model.Reason;

/**
 * Renders the stack into what the engine must run, with the images its promotion pins; a file that validates
 * but cannot be rendered (an env_file that went missing) blocks the stack.
 */
public final class RenderGate implements Gate {

    private final StackRenderer renderer = new StackRenderer();

    @Override
    public Optional<Transition> check(StackContext stack) {
        try {
            stack.desired(renderer.render(stack.loaded(), stack.promotion().pinnedImages()));
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(stack.blocked(Reason.INVALID_SPEC, e.getMessage(), e.getMessage()));
        }
    }
}
