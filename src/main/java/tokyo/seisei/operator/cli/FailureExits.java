package tokyo.seisei.operator.cli;

import picocli.CommandLine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.Refused;

/**
 * The exit codes of what a command throws: a refusal says why on one line, exit 2; an engine that cannot be
 * reached or refuses, exit 1. Anything else is a bug, and keeps its stack trace.
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
        throw failure;
    }

    private static int said(String message, int exitCode) {
        System.err.println(message.startsWith("error: ") ? message : "error: " + message);
        return exitCode;
    }
}
