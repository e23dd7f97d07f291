package tokyo.seisei.operator.cli;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tokyo.seisei.operator.engine.Maintenance;

@Command(name = "maintenance", mixinStandardHelpOptions = true,
        description = {"Runs the maintenance plan now, one line per action: the newest backup of each stack whose"
                + " spec.backup.verify is due is verified, and backups past their retention are archived (with"
                + " operator.backup.archive-dir) and removed; then, unless operator.maintenance.image-cleanup is never,"
                + " the images of the stacks that no container uses and that are not among the last"
                + " operator.maintenance.keep-releases verified releases are removed, with the space freed."},
        footer = {"", "Exit codes: 0 done (a failed verification is printed as FAILED), 2 usage or configuration error."})
public class MaintenanceCommand extends StackCommand {

    @Option(names = "--dry-run", description = "Say what would be done; change nothing.")
    boolean dryRun;

    @Inject
    Instance<Maintenance> maintenance;

    @Override
    public Integer call() {
        if (!dryRun) {
            requireWritableStateDir();
        }
        List<String> lines = maintenance.get().run(dryRun);
        if (lines.isEmpty()) {
            System.out.println("nothing to do");
        }
        lines.forEach(System.out::println);
        return ExitCodes.OK;
    }
}
