package tokyo.seisei.operator.cli;

import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Callable;
import tokyo.seisei.operator.source.Source;

/** A command that works on stacks by name: {@link #known} checks the names it is given. */
abstract class StackCommand implements Callable<Integer> {

    /** How long a command waits for the git repository before it goes on with the last fetched commit. */
    static final Duration SHORT_FETCH = Duration.ofSeconds(15);

    @Inject
    KnownStacks known;

    @Inject
    Source source;

    /** Following git: a short fetch first; when it fails, the last fetched commit is used, and the command says so. */
    void fetchFirst() {
        Source.Fetch fetch = source.refresh(SHORT_FETCH);
        if (!fetch.ok()) {
            System.err.println("warning: " + fetch.message());
        }
    }
}
