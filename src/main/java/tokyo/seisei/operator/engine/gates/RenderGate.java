package tokyo.seisei.operator.engine.gates;

import java.util.Map;
import java.util.Optional;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.RunningDigests;
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
            Map<String, String> pins = stack.promotion().pinnedImages();
            DesiredStack rendered = renderer.render(stack.loaded(), pins);
            Map<String, String> keeping = RunningDigests.keep(rendered, pins, stack.containers());
            stack.desired(keeping.equals(pins) ? rendered : renderer.render(stack.loaded(), keeping));
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(stack.blocked(Reason.INVALID_SPEC, e.getMessage(), e.getMessage()));
        }
    }
}
