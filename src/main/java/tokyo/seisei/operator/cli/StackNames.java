package tokyo.seisei.operator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Checks shared by the commands that take stack names. */
final class StackNames {

    private StackNames() {
    }

    /** An error line when the desired-state folder is missing, else empty. */
    static Optional<String> checkFolder(Path desiredStateDir) {
        if (!Files.isDirectory(desiredStateDir)) {
            return Optional.of("error: desired-state folder " + desiredStateDir.toAbsolutePath()
                    + " does not exist; set operator.desired-state-dir (env OPERATOR_DESIRED_STATE_DIR)");
        }
        return Optional.empty();
    }

    /** An error line naming the first unknown stack, else empty. */
    static Optional<String> checkKnown(List<String> asked, List<String> known, List<String> alsoKnown) {
        return asked.stream().filter(s -> !known.contains(s) && !alsoKnown.contains(s)).findFirst()
                .map(s -> "error: no stack named " + s + "; known stacks: " + String.join(", ", known));
    }
}
