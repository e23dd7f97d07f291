package tokyo.seisei.operator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tokyo.seisei.operator.model.StackName;

/**
 * {@code <state-dir>/requests/<stack>}: a command (pause, resume, retry) asks the running daemon to look at a stack
 * now, not at its next poll. The daemon watches the folder and takes each request once.
 */
public final class PassRequests {

    private final StateLayout layout;

    public PassRequests(StateLayout layout) {
        this.layout = layout;
    }

    public Path folder() {
        return layout.root().resolve("requests");
    }

    public void request(String stack) {
        AtomicFiles.write(folder().resolve(StackName.require(stack)), "");
    }

    /** The stacks asked for since the last call; each request is taken once. */
    public List<String> take() {
        if (!Files.isDirectory(folder())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder())) {
            return files.filter(f -> StackName.isValid(f.getFileName().toString())).filter(PassRequests::delete)
                    .map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder() + ": " + e.getMessage(), e);
        }
    }

    private static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }
}
