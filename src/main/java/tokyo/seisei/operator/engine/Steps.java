package tokyo.seisei.operator.engine;

import java.time.Duration;
import java.util.List;

/** The steps a change of a stack goes through, in order. */
public final class Steps {

    private Steps() {
    }

    public static List<Step> converge(Duration dependencyTimeout) {
        return List.of(new PrepareResources(), new PullImages(), new ReplaceContainers(dependencyTimeout));
    }
}
