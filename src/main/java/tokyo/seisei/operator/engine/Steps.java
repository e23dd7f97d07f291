package tokyo.seisei.operator.engine;

import java.util.List;

/** The steps a change of a stack goes through, in order; verify or roll back follows them. */
public final class Steps {

    private Steps() {
    }

    public static List<Step> converge(OperatorSettings settings) {
        return List.of(new Preflight(settings.layout().root(), settings.minFreeDiskPercent()), new PullImages(),
                new PrepareResources(), new ReplaceContainers(settings.dependencyTimeout()));
    }
}
