package tokyo.seisei.operator.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.model.Printable;
import tokyo.seisei.operator.model.StackName;
import tokyo.seisei.operator.model.StackSpec;
import tokyo.seisei.operator.source.ComposeImport;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.store.AtomicFiles;

@Command(name = "import-compose", mixinStandardHelpOptions = true,
        description = {"Turns a docker-compose.yml into a stack file that passes validate.",
                "Every key the stack file cannot hold is listed on stderr as FILE:LINE:COL: message, and then no"
                        + " stack file is written: one that left a setting out would replace the Compose containers"
                        + " with different ones. Change the Compose file and import it again."},
        footer = {"", "Exit codes: 0 stack file written, 1 the Compose file has something a stack file cannot hold"
                + " (nothing written) or cannot be read, 2 usage error."})
public class ImportComposeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", description = "The Compose file, or its folder (compose.yaml, docker-compose.yml, ...).")
    Path path;

    @Option(names = "--name", paramLabel = "STACK",
            description = "The stack name (default: the Compose project name, name:, else the folder's name).")
    String name;

    @Option(names = "--env", paramLabel = "ENV", defaultValue = StackSpec.STAGING,
            description = "staging or prod (default: ${DEFAULT-VALUE}).")
    String environment;

    @Option(names = "--promotion-from", paramLabel = "STACK",
            description = "For a prod stack: the staging stack whose verified versions it takes.")
    String promotionFrom;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the stack file there, whole or not at all (default: stdout).")
    Path output;

    @Inject
    DesiredStateLoader loader;

    @Override
    public Integer call() {
        if (!Set.of(StackSpec.STAGING, StackSpec.PROD).contains(environment)) {
            throw Refusal.usage("--env must be staging or prod, not '" + Printable.escape(environment) + "'");
        }
        if (name != null) {
            StackName.problem(name).ifPresent(p -> {
                throw Refusal.usage("--name: " + p);
            });
        }
        Path file = ComposeImport.composeFileIn(path).orElse(null);
        if (file == null) {
            System.err.println("error: " + Printable.escape(path.toString()) + " is not a Compose file, nor a folder with "
                    + String.join(", ", ComposeImport.FILE_NAMES));
            return ExitCodes.NOT_SETTLED;
        }
        ComposeImport.Result result = new ComposeImport(loader)
                .run(file, new ComposeImport.Options(name, environment, promotionFrom));
        if (!result.ok()) {
            result.problems().forEach(p -> System.err.println(Printable.escape(p)));
            System.err.println(result.problems().size() + " problem(s): no stack file written");
            return ExitCodes.NOT_SETTLED;
        }
        if (output == null) {
            System.out.print(result.yaml());
        } else {
            AtomicFiles.write(output.toAbsolutePath(), result.yaml());
            System.err.println("wrote " + output + " (stack " + result.stackName() + ")");
        }
        result.notes().forEach(n -> System.err.println((n.startsWith("warning: ") ? "" : "note: ") + Printable.escape(n)));
        return ExitCodes.OK;
    }
}
