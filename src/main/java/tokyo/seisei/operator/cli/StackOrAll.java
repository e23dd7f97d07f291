package tokyo.seisei.operator.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.store.PauseStore;

/** One stack, or {@code --all}: the whole host. */
class StackOrAll {

    @Parameters(paramLabel = "STACK", description = "The stack.")
    String stack;

    @Option(names = "--all", description = "The whole host.")
    boolean all;

    /** The stack's name, or {@link PauseStore#ALL}, once a named stack was found known. */
    String checked(KnownStacks known) {
        if (all) {
            return PauseStore.ALL;
        }
        known.require(stack);
        return stack;
    }
}
