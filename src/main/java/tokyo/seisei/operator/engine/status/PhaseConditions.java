package tokyo.seisei.operator.engine.status;

import java.util.ArrayList;
import java.util.List;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.model.StackStatus.Condition;

/**
 * The Kubernetes-style conditions of a status, which follow its phase: {@code Ready} always, {@code Reconciling}
 * only while Progressing, {@code Stalled} only while Blocked or Failed, then any others. A condition that did not
 * change keeps the time it last changed.
 */
final class PhaseConditions {

    private PhaseConditions() {
    }

    static List<Condition> of(Phase phase, String reason, String message, List<Condition> others, StackStatus previous,
                              String now) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(new Condition(Condition.READY, phase == Phase.Ready ? "True" : "False", reason, message, now));
        if (phase == Phase.Progressing) {
            conditions.add(new Condition(Condition.RECONCILING, "True", reason, message, now));
        }
        if (phase == Phase.Blocked || phase == Phase.Failed) {
            conditions.add(new Condition(Condition.STALLED, "True", reason, message, now));
        }
        others.forEach(c -> conditions.add(new Condition(c.type(), c.status(), c.reason(), c.message(), now)));
        return conditions.stream().map(c -> keepTime(c, previous)).toList();
    }

    private static Condition keepTime(Condition next, StackStatus previous) {
        if (previous == null) {
            return next;
        }
        return previous.conditions().stream().filter(next::sameAs).findFirst()
                .map(old -> new Condition(next.type(), next.status(), next.reason(), next.message(), old.lastTransitionTime()))
                .orElse(next);
    }
}
