package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import tokyo.seisei.operator.engine.gates.StackContext;
import tokyo.seisei.operator.engine.plan.StackPlan;
import tokyo.seisei.operator.engine.status.StatusDraft;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.engine.steps.Deployment;
import tokyo.seisei.operator.engine.steps.PipelineRun;
import tokyo.seisei.operator.engine.steps.StepName;
import tokyo.seisei.operator.engine.steps.StepOutcome;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.StackStatus;

/**
 * Where a stack ends once it was planned: Ready when nothing differs; after the pipeline, verified, blocked,
 * retried later (a transient failure before anything was replaced), or failed and rolled back.
 */
public final class DeployOutcomes {

    private final Verification verification;
    private final Remediation remediation;
    private final RetryPolicy retryPolicy;
    private final Clock clock;

    public DeployOutcomes(Verification verification, Remediation remediation, RetryPolicy retryPolicy, Clock clock) {
        this.verification = verification;
        this.remediation = remediation;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
    }

    /** Nothing differs from the desired state. */
    Transition upToDate(StackContext stack, StackPlan plan) {
        return stack.ready(plan).latch(null).observed(stack.observedServices());
    }

    Transition after(StackContext stack, Deployment deployment, PipelineRun run, boolean heal) {
        StepOutcome outcome = run.outcome();
        return switch (outcome.result()) {
            case DONE -> verification.verified(stack, deployment.plan(), heal, run.took(StepName.SMOKE));
            case BLOCKED -> stack.blocked(outcome.reason(), outcome.message(), outcome.message());
            case RETRY -> deployment.replacements().isEmpty() ? retry(stack.draft(), outcome)
                    : remediation.failed(stack, deployment, outcome, heal);
            case FAILED -> remediation.failed(stack, deployment, outcome, heal);
            case INTERRUPTED -> interrupted(stack, outcome);
            case PAUSED -> Transition.to(Phase.Paused, Reason.PAUSED, outcome.message()).observed(stack.observedServices());
        };
    }

    /** The operator stops: the stack stays Progressing, and its operation record is settled at the next start. */
    private static Transition interrupted(StackContext stack, StepOutcome outcome) {
        stack.leaveOperationOpen();
        return Transition.to(Phase.Progressing, Reason.INTERRUPTED, outcome.message());
    }

    /** A transient failure before anything was replaced: tried again later, in the status, not in the history. */
    private Transition retry(StatusDraft draft, StepOutcome outcome) {
        int attempts = draft.retry() == null ? 1 : draft.retry().attempts() + 1;
        Duration wait = retryPolicy.delay(attempts);
        Instant next = clock.instant().plus(wait).truncatedTo(ChronoUnit.SECONDS);
        return Transition.to(Phase.Progressing, outcome.reason(), "will retry in " + wait.toSeconds() + "s (attempt "
                + attempts + "): " + outcome.message())
                .retry(new StackStatus.RetryStatus(attempts, next.toString(), outcome.message()));
    }
}
