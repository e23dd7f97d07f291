package tokyo.seisei.operator.engine.gates;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.RunningDigests;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.StackDocument;
import tokyo.seisei.operator.source.LoadedStack;

/**
 * Renders the stack into what the engine must run, with the images its promotion pins; a file that validates
 * but cannot be rendered (an env_file that went missing) blocks the stack.
 *
 * <p>A stack whose file did not change is not rendered again: the loader hands out the very same document for
 * it, so the last render of that document with the same pins stands. A stack that reads an env_file is rendered
 * every time, as that file may change on its own.
 */
public final class RenderGate implements Gate {

    private final StackRenderer renderer = new StackRenderer();
    private final ConcurrentHashMap<String, Rendered> last = new ConcurrentHashMap<>();

    private record Rendered(StackDocument document, Map<String, String> pins, DesiredStack stack) {
    }

    @Override
    public Optional<Transition> check(StackContext stack) {
        try {
            Map<String, String> pins = stack.promotion().pinnedImages();
            DesiredStack rendered = render(stack.loaded(), pins);
            Map<String, String> keeping = RunningDigests.keep(rendered, pins, stack.containers());
            stack.desired(keeping.equals(pins) ? rendered : render(stack.loaded(), keeping));
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(stack.blocked(Reason.INVALID_SPEC, e.getMessage(), e.getMessage()));
        }
    }

    private DesiredStack render(LoadedStack loaded, Map<String, String> pins) {
        boolean readsEnvFiles = loaded.document().spec().readsEnvFiles();
        Rendered before = last.get(loaded.name());
        if (!readsEnvFiles && before != null && before.document() == loaded.document() && before.pins().equals(pins)) {
            return before.stack();
        }
        DesiredStack rendered = renderer.render(loaded, pins);
        if (readsEnvFiles) {
            last.remove(loaded.name());
        } else {
            last.put(loaded.name(), new Rendered(loaded.document(), new HashMap<>(pins), rendered));
        }
        return rendered;
    }
}
