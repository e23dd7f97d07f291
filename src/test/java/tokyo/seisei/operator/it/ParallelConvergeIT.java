package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/**
 * Independent stacks converge side by side: one stack's slow, failing smoke never holds back another, even with a
 * single place to deploy in ({@code operator.max-concurrent} 1): a stack in its smoke holds no place.
 */
class ParallelConvergeIT {

    @RegisterExtension
    final LabExtension lab = new LabExtension();

    final String failingA = lab.stack("a-fail");
    final String failingB = lab.stack("b-fail");
    final String healthy = lab.stack("z-good");

    @Test
    void aHealthyStackIsReadyWhileTwoOthersAreStillInTheirSlowSmokeWithOnePlaceToDeployIn() throws Exception {
        for (String stack : new String[] {failingA, failingB}) {
            lab.write(stack, StackFixtures.smokedApp(stack, "sha-nohealth", Lab.freePort(), "30s"));
        }
        lab.write(healthy, StackFixtures.smokedApp(healthy, "sha-1a2b3c4", Lab.freePort(), "30s"));
        StatusStore statuses = new StatusStore(new StateLayout(lab.stateDir()));

        Process pass = lab.start(lab.stackctl().with("OPERATOR_SMOKE_STABLE_FOR", "1s").with("OPERATOR_MAX_CONCURRENT", "1"),
                "reconcile").process();

        await().atMost(Duration.ofSeconds(120)).until(() -> statuses.read(healthy).map(StackStatus::phase).orElse(null) == Phase.Ready);
        assertEquals(Phase.Progressing, statuses.read(failingA).orElseThrow().phase(), "still in its 30 s smoke");
        assertEquals(Phase.Progressing, statuses.read(failingB).orElseThrow().phase(), "still in its 30 s smoke");
        pass.waitFor(180, TimeUnit.SECONDS);
        assertEquals(1, pass.exitValue(), "the failing stacks end Degraded");
        assertEquals(Phase.Degraded, statuses.read(failingA).orElseThrow().phase());
        assertEquals(Phase.Degraded, statuses.read(failingB).orElseThrow().phase());
    }
}
