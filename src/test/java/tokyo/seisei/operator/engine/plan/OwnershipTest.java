package tokyo.seisei.operator.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tokyo.seisei.operator.docker.ContainerSummary;

class OwnershipTest {

    final Ownership mine = new Ownership(() -> "0a1b2c3d4e5f");

    @Test
    void anOperatorOwnsWhatItLabelledAndAdoptsUnlabelledContainersOfItsStacksOnly() {
        ContainerSummary labelled = container("shop", "0a1b2c3d4e5f");
        ContainerSummary another = container("shop", "ffffffffffff");
        ContainerSummary madeBeforeTheLabel = container("shop", null);
        ContainerSummary notDeclaredHere = container("blog", null);

        assertTrue(mine.owns(labelled, Set.of()), "its own, even when its file is gone (an orphan)");
        assertFalse(mine.owns(another, Set.of("shop")), "another operator's, whatever it declares");
        assertTrue(mine.owns(madeBeforeTheLabel, Set.of("shop")), "adopted: its stack is declared here");
        assertFalse(mine.owns(notDeclaredHere, Set.of("shop")), "no label and not declared: not an orphan of this one");
        assertEquals(List.of(labelled, madeBeforeTheLabel),
                mine.mine(List.of(labelled, another, madeBeforeTheLabel, notDeclaredHere), Set.of("shop")));
        assertTrue(Ownership.ANY.owns(another, Set.of()));
    }

    private static ContainerSummary container(String stack, String instance) {
        Map<String, String> labels = new HashMap<>(Map.of(ContainerLabels.STACK, stack));
        if (instance != null) {
            labels.put(ContainerLabels.INSTANCE, instance);
        }
        return new ContainerSummary("id-" + stack + instance, stack + "-web", "image", "sha256:1", "running", "Up", labels);
    }
}
