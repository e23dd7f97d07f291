package tokyo.seisei.operator.store;

import java.nio.file.Path;

/**
 * The files under the state dir, laid out as the runbook had them, so its habits keep working:
 * {@code deploy-history.log}, {@code releases/verified/<stack>.txt}, {@code backups/<stack>/<stamp>/}.
 */
public record StateLayout(Path root) {

    public Path status(String stack) {
        return root.resolve("status").resolve(stack + ".yaml");
    }

    public Path statusDir() {
        return root.resolve("status");
    }

    public Path history() {
        return root.resolve("deploy-history.log");
    }

    public Path events(String stack) {
        return root.resolve("events").resolve(stack + ".jsonl");
    }

    /** {@code backups/<stack>/}: one folder per backup, named {@code YYYYMMDD_HHMMSS}. */
    public Path backups(String stack) {
        return root.resolve("backups").resolve(stack);
    }

    /** The desired-state file of the version that runs, saved at each successful deploy; backups copy it. */
    public Path applied(String stack) {
        return root.resolve("applied").resolve(stack + ".yaml");
    }

    /** The runbook's file: the latest version verified by a successful smoke. */
    public Path verified(String stack) {
        return root.resolve("releases").resolve("verified").resolve(stack + ".txt");
    }

    /** The operation under way on a stack, written before each action that changes the engine, so a restart can settle it. */
    public Path operation(String stack) {
        return root.resolve("operations").resolve(stack + ".json");
    }
}
