package tokyo.seisei.operator.cli;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;

/** A command that works on stacks by name: {@link #known} checks the names it is given. */
abstract class StackCommand implements Callable<Integer> {

    @Inject
    KnownStacks known;
}
