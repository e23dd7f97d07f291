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
}
