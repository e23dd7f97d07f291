package tokyo.seisei.operator.cli;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.store.StatusStore;

/**
 * The one place the commands check the stack names they are given. A stack is known when it has a
 * desired-state file, or a status (an orphan still has one). Each check says on stderr why it refuses.
 */
@Dependent
public class KnownStacks {

    @Inject
    DesiredState desiredState;

    @Inject
    StatusStore statuses;

    /** True, with a line on stderr, when the stack has neither a file nor a status. */
    boolean refuses(String stack) {
        return said(unknown(List.of(stack), known()));
    }

    /** As {@link #refuses}, and the desired-state folder must exist: for commands that read the stack's file. */
    boolean refusesWithoutFile(String stack) {
        return refusesAny(List.of(stack));
    }

    /** The folder must exist, and each stack be known (by a file or a status). */
    boolean refusesAny(Collection<String> stacks) {
        return said(desiredState.folderProblem().or(() -> unknown(stacks, known())));
    }

    /** The folder must exist, and each stack have a file in it. */
    boolean refusesUndeclared(Collection<String> stacks) {
        return said(desiredState.folderProblem().or(() -> unknown(stacks, new TreeSet<>(desiredState.names()))));
    }

    /** The folder must exist. */
    boolean refusesWithoutFolder() {
        return said(desiredState.folderProblem());
    }

    private TreeSet<String> known() {
        TreeSet<String> known = new TreeSet<>(desiredState.names());
        statuses.readAll().forEach(s -> known.add(s.stack()));
        return known;
    }

    private static Optional<String> unknown(Collection<String> asked, TreeSet<String> known) {
        return asked.stream().filter(s -> !known.contains(s)).findFirst()
                .map(s -> "error: no stack named " + s + "; known stacks: " + String.join(", ", known));
    }

    private static boolean said(Optional<String> problem) {
        problem.ifPresent(System.err::println);
        return problem.isPresent();
    }
}
