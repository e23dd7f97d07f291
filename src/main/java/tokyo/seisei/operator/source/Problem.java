package tokyo.seisei.operator.source;

/**
 * One thing wrong with a desired-state file, located in it.
 *
 * @param path    the field, dotted from the document root, e.g. {@code spec.services.web.image}
 * @param message names the field and the rule it breaks
 */
public record Problem(String file, int line, int column, String path, String message, Severity severity) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code FILE:LINE:COL: message}, the form editors and CI annotate. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (isError() ? "" : "warning: ") + message;
    }
}
