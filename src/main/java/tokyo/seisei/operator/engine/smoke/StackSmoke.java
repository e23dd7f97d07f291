package tokyo.seisei.operator.engine.smoke;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import tokyo.seisei.operator.engine.DesiredStack;
import tokyo.seisei.operator.engine.StackRenderer;
import tokyo.seisei.operator.source.DesiredStateLoader;
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

    private final Path desiredStateDir;
    private final DesiredStateLoader loader;
    private final SmokeRunner runner;

    public StackSmoke(Path desiredStateDir, DesiredStateLoader loader, SmokeRunner runner) {
        this.desiredStateDir = desiredStateDir;
        this.loader = loader;
        this.runner = runner;
    }

    /**
     * @throws NotRunnable when the stack is unknown or its file invalid; nothing was checked
     * @throws tokyo.seisei.operator.docker.DockerFailure when the engine cannot be reached
     */
    public SmokeResult run(String stack) {
        List<LoadedStack> stacks = loader.loadDirectory(desiredStateDir);
        LoadedStack loaded = stacks.stream().filter(s -> s.name().equals(stack)).findFirst()
                .orElseThrow(() -> new NotRunnable("no stack named " + stack + "; known stacks: "
                        + stacks.stream().map(LoadedStack::name).collect(Collectors.joining(", "))));
        if (!loaded.valid()) {
            throw new NotRunnable("stack " + stack + " is invalid, nothing was checked:\n" + loaded.errors().stream()
                    .map(Object::toString).collect(Collectors.joining("\n")));
        }
        DesiredStack desired = new StackRenderer().render(loaded);
        return runner.run(desired, desired.smoke());
    }
}
