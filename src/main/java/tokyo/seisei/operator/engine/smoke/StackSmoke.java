package tokyo.seisei.operator.engine.smoke;

import java.util.stream.Collectors;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.LoadedStack;

/**
 * The smoke of one stack of the desired-state folder, run against its containers as they run now, as
 * {@code stackctl smoke} does. It changes nothing, so it takes no lock.
 */
public final class StackSmoke {

    /** The smoke cannot run: the folder has no such stack, or its file is invalid. */
    public static final class NotRunnable extends RuntimeException {
        NotRunnable(String message) {
            super(message);
        }
    }

    private final DesiredState desiredState;
    private final SmokeRunner runner;

    public StackSmoke(DesiredState desiredState, SmokeRunner runner) {
        this.desiredState = desiredState;
        this.runner = runner;
    }

    /**
     * @throws NotRunnable when the stack is unknown or its file invalid; nothing was checked
     * @throws tokyo.seisei.operator.docker.DockerFailure when the engine cannot be reached
     */
    public SmokeResult run(String stack) {
        LoadedStack loaded = desiredState.find(stack).orElseThrow(() -> new NotRunnable("no stack named " + stack
                + "; known stacks: " + String.join(", ", desiredState.names())));
        if (!loaded.valid()) {
            throw new NotRunnable("stack " + stack + " is invalid, nothing was checked:\n" + loaded.errors().stream()
                    .map(Object::toString).collect(Collectors.joining("\n")));
        }
        DesiredStack desired = new StackRenderer().render(loaded);
        return runner.run(desired, desired.smoke());
    }
}
