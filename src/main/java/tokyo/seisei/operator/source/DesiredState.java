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
 * a stack. The folder comes from a {@link Source}: the folder itself, or the checkout of a git repository.
 */
public final class DesiredState {

    private final Source source;
    private final DesiredStateLoader loader;

    public DesiredState(Path dir, DesiredStateLoader loader) {
        this(Source.folder(dir), loader);
    }

    public DesiredState(Source source, DesiredStateLoader loader) {
        this.source = source;
        this.loader = loader;
    }

    public Path dir() {
        return source.folder();
    }

    public Source source() {
        return source;
    }

    /** Every stack file, read and checked, each with the commit it came from when the source is git. */
    public List<LoadedStack> all() {
        return source.read(dir -> loader.loadDirectory(dir).stream().map(source::traced).toList());
    }

    /** One stack, read and checked beside the others. */
    public Optional<LoadedStack> find(String stack) {
        return all().stream().filter(s -> s.name().equals(stack)).findFirst();
    }

    /** The stack's file as if its spec.version said {@code version}: what a manual rollback deploys. */
    public LoadedStack atVersion(LoadedStack stack, String version) {
        return source.read(dir -> loader.loadAtVersion(stack.file(), version)).withSource(stack.source());
    }

    /** The names of the stack files, sorted, without reading them. */
    public List<String> names() {
        if (source.folderProblem().isPresent()) {
            return List.of();
        }
        return source.read(dir -> {
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
        });
    }

    /** An error line when there is no folder to read (missing, or a repository never fetched), else empty. */
    public Optional<String> folderProblem() {
        return source.folderProblem();
    }
}
