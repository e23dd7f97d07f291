package tokyo.seisei.operator.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tokyo.seisei.operator.model.StackName;

/**
 * The desired-state folder: every stack file in it, read and checked together (host ports and container names
 * span stacks), one stack by name, or just the names. The one way the operator, every command and the API find
 * a stack.
 */
public final class DesiredState {

    private final Path dir;
    private final DesiredStateLoader loader;

    public DesiredState(Path dir, DesiredStateLoader loader) {
        this.dir = dir;
        this.loader = loader;
    }

    public Path dir() {
        return dir;
    }

    /** Every stack file, read and checked. */
    public List<LoadedStack> all() {
        return loader.loadDirectory(dir);
    }

    /** One stack, read and checked beside the others. */
    public Optional<LoadedStack> find(String stack) {
        return all().stream().filter(s -> s.name().equals(stack)).findFirst();
    }

    /** The stack's file as if its spec.version said {@code version}: what a manual rollback deploys. */
    public LoadedStack atVersion(LoadedStack stack, String version) {
        return loader.loadAtVersion(stack.file(), version);
    }

    /** The names of the stack files, sorted, without reading them. */
    public List<String> names() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(DesiredStateLoader::isStackFile).map(DesiredStateLoader::stackNameOf).filter(StackName::isValid)
                    .sorted().distinct()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the desired-state folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** An error line when the folder is missing, else empty. */
    public Optional<String> folderProblem() {
        if (!Files.isDirectory(dir)) {
            return Optional.of("error: desired-state folder " + dir.toAbsolutePath()
                    + " does not exist; set operator.desired-state-dir (env OPERATOR_DESIRED_STATE_DIR)");
        }
        return Optional.empty();
    }
}
