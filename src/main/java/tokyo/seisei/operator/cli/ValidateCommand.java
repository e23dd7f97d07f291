package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tokyo.seisei.operator.model.Printable;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.source.Problem;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks desired-state files without touching anything; each problem as FILE:LINE:COL: message.",
        footer = {"", "Exit codes: 0 every file valid (warnings allowed), 1 otherwise: a file has an error, or a path does not exist."})
public class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Files or folders (default: the desired-state folder). A folder also gets the checks across stacks.")
    List<Path> paths = new ArrayList<>();

    @Inject
    DesiredStateLoader loader;

    @Inject
    Instance<DesiredState> desiredState;

    @Override
    public Integer call() {
        List<Path> targets = paths.isEmpty() ? List.of(desiredState.get().dir()) : paths;
        List<LoadedStack> stacks = new ArrayList<>();
        List<Problem> refused = new ArrayList<>();
        for (Path target : targets) {
            if (paths.isEmpty() && desiredState.get().source().fetched()) {
                // following git: the last fetched commit, as the operator reads it
                var problem = desiredState.get().folderProblem();
                if (problem.isPresent()) {
                    System.err.println(problem.get());
                    return ExitCodes.NOT_SETTLED;
                }
                DesiredStateLoader.Folder folder = desiredState.get().source().read(loader::loadFolder);
                stacks.addAll(folder.stacks());
                refused.addAll(folder.refused());
            } else if (Files.isDirectory(target)) {
                DesiredStateLoader.Folder folder = loader.loadFolder(target);
                stacks.addAll(folder.stacks());
                refused.addAll(folder.refused());
            } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                // links and special files too: the loader refuses them by name, without reading them
                stacks.add(loader.load(target));
            } else {
                System.err.println("error: " + Printable.escape(target.toString())
                        + " does not exist; give desired-state files or folders");
                return ExitCodes.NOT_SETTLED;
            }
        }
        refused.forEach(System.out::println);
        long invalid = refused.size();
        for (LoadedStack stack : stacks) {
            stack.problems().forEach(p -> System.out.println(p));
            if (!stack.valid()) {
                invalid++;
            }
        }
        long warnings = stacks.stream().flatMap(s -> s.problems().stream()).filter(p -> !p.isError()).count();
        long errors = refused.size() + stacks.stream().flatMap(s -> s.problems().stream()).filter(Problem::isError).count();
        long checked = stacks.size() + refused.size();
        System.out.printf("%d file(s) checked: %d valid, %d invalid (%d error(s), %d warning(s))%n",
                checked, checked - invalid, invalid, errors, warnings);
        return invalid == 0 ? ExitCodes.OK : ExitCodes.NOT_SETTLED;
    }
}
