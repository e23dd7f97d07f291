package tokyo.seisei.operator.cli;

import java.io.UncheckedIOException;
import picocli.CommandLine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.Refused;

/**
 * The exit codes of what a command throws: a refusal, or a file the host does not let it read or write, says why
 * on one line, exit 2; an engine that cannot be reached or refuses, exit 1. Anything else is a bug, and keeps its
 * stack trace.
 */
final class FailureExits implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, CommandLine.ParseResult parsed)
            throws Exception {
        if (failure instanceof Refusal refusal) {
            return said(refusal.getMessage(), refusal.exitCode());
        }
        if (failure instanceof Refused refused) {
            return said(refused.getMessage(), ExitCodes.USAGE);
        }
        if (failure instanceof DockerFailure engine) {
            return said(engine.getMessage(), ExitCodes.NOT_SETTLED);
        }
        if (failure instanceof UncheckedIOException files) {
            // a state dir or folder that cannot be written or read is the host's configuration, said in one line
            return said(files.getMessage(), ExitCodes.USAGE);
        }
        throw failure;
    }

    private static int said(String message, int exitCode) {
        System.err.println(message.startsWith("error: ") ? message : "error: " + message);
        return exitCode;
    }
}
