package tokyo.seisei.operator.cli;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import tokyo.seisei.operator.model.StackName;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.store.StatusStore;

/**
 * The one place the commands check the stack names they are given. A stack is known when it has a
 * desired-state file, or a status (an orphan still has one). Each check throws a {@link Refusal} that says why.
 */
@Dependent
public class KnownStacks {

    @Inject
    Instance<DesiredState> desiredState;

    @Inject
    StatusStore statuses;

    /** The stack has a file or a status. */
    void require(String stack) {
        requireKnown(List.of(stack), known());
    }

    /** The desired-state folder exists, and each stack has a file or a status. */
    void requireWithFolder(Collection<String> stacks) {
        requireFolder();
        requireKnown(stacks, known());
    }

    /** The desired-state folder exists, and each stack has a file in it. */
    void requireDeclared(Collection<String> stacks) {
        requireFolder();
        requireKnown(stacks, new TreeSet<>(desiredState.get().names()));
    }

    void requireFolder() {
        desiredState.get().folderProblem().ifPresent(problem -> {
            throw Refusal.usage(problem);
        });
    }

    private TreeSet<String> known() {
        TreeSet<String> known = new TreeSet<>(desiredState.get().names());
        statuses.readAll().forEach(s -> known.add(s.stack()));
        return known;
    }

    private static void requireKnown(Collection<String> asked, TreeSet<String> known) {
        asked.stream().map(StackName::problem).flatMap(java.util.Optional::stream).findFirst().ifPresent(problem -> {
            throw Refusal.usage(problem);
        });
        asked.stream().filter(s -> !known.contains(s)).findFirst().ifPresent(s -> {
            throw Refusal.usage("no stack named " + s + "; known stacks: " + String.join(", ", known));
        });
    }
}
