package tokyo.seisei.operator.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/** Entry point of the packaged application; {@code stackctl} is its launcher. */
@QuarkusMain
public class StackctlMain implements QuarkusApplication {

    @Inject
    CommandLine.IFactory factory;

    public static void main(String... args) {
        ReadOnlyStart.run(args).ifPresent(System::exit);
        if (args.length == 0 || !"run".equals(args[0])) {
            // only the daemon serves HTTP: a CLI command opens no port and never collides with a running daemon
            System.setProperty("quarkus.http.host-enabled", "false");
        }
        Quarkus.run(StackctlMain.class, StackctlMain::exit, args);
    }

    /** A start that fails (an invalid setting) ends with one line and the usage exit code, not a stack trace. */
    private static void exit(int code, Throwable failure) {
        if (failure != null) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.err.println("error: cannot start: " + root.getMessage());
            System.exit(2);
        }
        System.exit(code);
    }

    @Override
    public int run(String... args) {
        return new CommandLine(StackctlCommand.class, factory).setExecutionExceptionHandler(new FailureExits()).execute(args);
    }
}
