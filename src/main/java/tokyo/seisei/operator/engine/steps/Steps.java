package tokyo.seisei.operator.engine.steps;

import java.util.List;
import tokyo.seisei.operator.store.NetworkPool;

/**
 * The steps a change of a stack goes through, in order; verify or roll back follows them. The images are
 * pulled before the backup, so a deploy that cannot pull fails before a dump is taken; both come before
 * anything is replaced.
 */
public final class Steps {

    private Steps() {
    }

    public static List<Step> inOrder(Preflight preflight, BackupStep backup, NetworkPool networks, ReplaceContainers replace,
                                     SmokeStep smoke) {
        return List.of(new DigestCheck(), preflight, new PullImages(), backup, new PrepareResources(networks), replace, smoke);
    }
}
