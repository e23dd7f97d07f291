package tokyo.seisei.operator.docker;

/**
 * How a command run by {@link DockerEngine#exec} ended.
 *
 * @param stderr the end of what the command wrote to stderr (at most a few KiB), for error messages; when the
 *               engine could not start the command (exit code 126 or 127), the engine's reason
 */
public record ExecResult(long exitCode, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
