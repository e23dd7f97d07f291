package tokyo.seisei.operator.cli;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeSet;
import tokyo.seisei.operator.app.OperatorConfig;
import tokyo.seisei.operator.model.StackName;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.store.StatusStore;

/** A stack is known when it has a desired-state file or a status (an orphan still has one). */
@Dependent
public class KnownStacks {

    @Inject
    OperatorConfig config;

    @Inject
    StatusStore statuses;

    /** Says on stderr why the stack cannot be worked on, and returns true; false when it is known. */
    boolean refuses(String stack) {
        Optional<String> problem = check(stack);
        problem.ifPresent(System.err::println);
        return problem.isPresent();
    }

    /** As {@link #refuses}, and the desired-state folder must exist: for commands that read the stack's file. */
    boolean refusesWithoutFile(String stack) {
        Optional<String> problem = StackNames.checkFolder(Path.of(config.desiredStateDir())).or(() -> check(stack));
        problem.ifPresent(System.err::println);
        return problem.isPresent();
    }

    /** An error line naming the stack and the known ones, else empty. */
    Optional<String> check(String stack) {
        if (!StackName.isValid(stack)) {
            return Optional.of("error: " + StackName.problem(stack).orElseThrow());
        }
        TreeSet<String> known = new TreeSet<>();
        Path dir = Path.of(config.desiredStateDir());
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                files.filter(DesiredStateLoader::isStackFile).map(DesiredStateLoader::stackNameOf).filter(StackName::isValid)
                        .forEach(known::add);
            } catch (java.io.IOException e) {
                return Optional.of("error: cannot read " + dir + ": " + e.getMessage());
            }
        }
        statuses.readAll().forEach(s -> known.add(s.stack()));
        return known.contains(stack) ? Optional.empty()
                : Optional.of("error: no stack named " + stack + "; known stacks: " + String.join(", ", known));
    }
}
