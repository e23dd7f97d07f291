package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import tokyo.seisei.operator.source.Source;
import tokyo.seisei.operator.store.StateLayout;

/** A command that works on stacks by name: {@link #known} checks the names it is given. */
abstract class StackCommand implements Callable<Integer> {

    /** How long a command waits for the git repository before it goes on with the last fetched commit. */
    static final Duration SHORT_FETCH = Duration.ofSeconds(15);

    @Inject
    KnownStacks known;

    @Inject
    StateLayout layout;

    @Inject
    Instance<Source> source;

    /** Names the state dir a command reads or records in, and says when a daemon records in another. */
    @Inject
    StateDirNote stateDir;

    /** A command that records must be able to write the state dir; else one line says so, exit 2. */
    void requireWritableStateDir() {
        Path dir = layout.root();
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(Files.createTempFile(dir, ".write-check", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw Refusal.usage("the state dir " + dir.toAbsolutePath() + " cannot be written (" + e + "); set"
                    + " operator.state-dir (env OPERATOR_STATE_DIR) to a folder this user may write");
        }
    }

    /** Following git: a short fetch first; when it fails, the last fetched commit is used, and the command says so. */
    void fetchFirst() {
        Source.Fetch fetch = source.get().refresh(SHORT_FETCH);
        if (!fetch.ok()) {
            System.err.println("warning: " + fetch.message());
        }
    }
}
