package tokyo.seisei.operator.source;

import java.nio.file.Path;
import java.util.List;
import tokyo.seisei.operator.model.StackDocument;

/**
 * A desired-state file as read: its document when it parsed, and every problem found in it.
 *
 * @param name     the stack name, taken from the file name
 * @param revision a digest of the file's bytes, so a change of the file is a new revision
 * @param document null when the file could not be read into the model at all
 * @param environment    spec.environment as written, read even when the file does not fit the model
 * @param desiredVersion spec.version as written, read even when the file does not fit the model
 * @param secretValues   values never to be shown: those of secret-named variables substituted into the file, and
 *                       those of the secret-named entries of each service's environment and env files
 * @param source         the commit the file came from when the source is a git repository, else null
 */
public record LoadedStack(String name, Path file, String revision, StackDocument document, List<Problem> problems,
                          String environment, String desiredVersion, java.util.Set<String> secretValues,
                          SourceRevision source) {

    public LoadedStack(String name, Path file, String revision, StackDocument document, List<Problem> problems,
                       String environment, String desiredVersion, java.util.Set<String> secretValues) {
        this(name, file, revision, document, problems, environment, desiredVersion, secretValues, null);
    }

    public LoadedStack withSource(SourceRevision from) {
        return new LoadedStack(name, file, revision, document, problems, environment, desiredVersion, secretValues, from);
    }

    /** The full sha of the commit the file came from, or null for a plain folder. */
    public String commit() {
        return source == null ? null : source.commit();
    }

    public boolean valid() {
        return document != null && problems.stream().noneMatch(Problem::isError);
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }
}
