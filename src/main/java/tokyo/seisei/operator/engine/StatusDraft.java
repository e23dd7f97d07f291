package tokyo.seisei.operator.engine;

import java.util.ArrayList;
import java.util.List;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.model.StackStatus.Condition;

/**
 * The next status of a stack, started from the previous one. Conditions follow the phase: {@code Ready}
 * always, {@code Reconciling} only while Progressing, {@code Stalled} only while Blocked or Failed.
 */
final class StatusDraft {

    /** the status as last saved: the one read at the start, then each one written */
    StackStatus previous;
    String stack;
    String environment;
    Phase phase;
    String reason;
    String message;
    String desiredVersion;
    String currentVersion;
    String observedRevision;
    String failedVersion;
    String verifiedVersion;
    StackStatus.PromotionStatus promotion;
    StackStatus.RetryStatus retry;
    List<StackStatus.ServiceStatus> services;
    StackStatus.Operation lastOperation;
    final List<Condition> extraConditions = new ArrayList<>();
    /** values that must not appear in what is written (substituted secrets) */
    java.util.Set<String> secretValues = java.util.Set.of();

    StatusDraft(String stack, StackStatus previous) {
        this.previous = previous;
        this.stack = stack;
        if (previous != null) {
            environment = previous.environment();
            phase = previous.phase();
            message = previous.message();
            desiredVersion = previous.desiredVersion();
            currentVersion = previous.currentVersion();
            observedRevision = previous.observedRevision();
            failedVersion = previous.failedVersion();
            verifiedVersion = previous.verifiedVersion();
            promotion = previous.promotion();
            retry = previous.retry();
            services = previous.services();
            lastOperation = previous.lastOperation();
        }
    }

    StatusDraft phase(Phase phase, String reason, String message) {
        this.phase = phase;
        this.reason = reason;
        this.message = tokyo.seisei.operator.model.Secrets.redact(message, secretValues);
        return this;
    }

    StatusDraft condition(String type, String reason, String message) {
        extraConditions.add(new Condition(type, "True", reason, message, null));
        return this;
    }

    Phase previousPhase() {
        return previous == null ? null : previous.phase();
    }

    /** The reason the stack is in its phase, as last saved. */
    java.util.Optional<String> previousReason() {
        return previous == null ? java.util.Optional.empty() : previous.conditions().stream()
                .filter(c -> Condition.READY.equals(c.type())).map(Condition::reason).filter(java.util.Objects::nonNull).findFirst();
    }

    StackStatus build(String now) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(keep(new Condition(Condition.READY, phase == Phase.Ready ? "True" : "False", reason, message, now)));
        if (phase == Phase.Progressing) {
            conditions.add(keep(new Condition(Condition.RECONCILING, "True", reason, message, now)));
        }
        if (phase == Phase.Blocked || phase == Phase.Failed) {
            conditions.add(keep(new Condition(Condition.STALLED, "True", reason, message, now)));
        }
        extraConditions.forEach(c -> conditions.add(keep(new Condition(c.type(), c.status(), c.reason(), c.message(), now))));
        String since = previous != null && previous.phase() == phase && previous.phaseSince() != null
                ? previous.phaseSince() : now;
        return new StackStatus(stack, environment, phase, since, message, desiredVersion, currentVersion,
                observedRevision, failedVersion, verifiedVersion, promotion, phase == Phase.Progressing ? retry : null, conditions, services, lastOperation, now);
    }

    /** A condition that did not change keeps the time it last changed. */
    private Condition keep(Condition next) {
        if (previous == null) {
            return next;
        }
        return previous.conditions().stream().filter(next::sameAs).findFirst()
                .map(old -> new Condition(next.type(), next.status(), next.reason(), next.message(), old.lastTransitionTime()))
                .orElse(next);
    }
}
