package tokyo.seisei.operator.engine.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.engine.smoke.SmokeResult;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.OperationRecord.Replacement;
import tokyo.seisei.operator.store.StateLayout;

/**
 * The smoke of the version a rollback put back, as its own desired state declares it; when that file is not at
 * hand, its containers must at least run and be healthy.
 */
final class PreviousSmoke {

    private final SmokeRunner smoke;
    private final DesiredStateLoader loader;
    private final StateLayout layout;

    PreviousSmoke(SmokeRunner smoke, DesiredStateLoader loader, StateLayout layout) {
        this.smoke = smoke;
        this.loader = loader;
        this.layout = layout;
    }

    SmokeResult run(DesiredStack failed, List<Replacement> replacements) {
        Path applied = layout.applied(failed.name());
        if (Files.exists(applied)) {
            LoadedStack previous = loader.load(applied);
            try {
                if (previous.valid()) {
                    DesiredStack desired = new StackRenderer().render(previous);
                    return smoke.run(desired, desired.smoke());
                }
            } catch (RuntimeException e) {
                // an env_file beside the original file is not beside the copy: fall back to the containers alone
            }
        }
        // only the services put back are checked, under the names they run with again (a container taken over from
        // docker compose may have had another): a service the failed version added has nothing to come back to
        Map<String, String> restored = new HashMap<>();
        replacements.stream().filter(r -> r.oldId() != null).forEach(r -> restored.put(r.service(), r.oldName()));
        return smoke.run(failed.containersOnly(restored), null);
    }
}
