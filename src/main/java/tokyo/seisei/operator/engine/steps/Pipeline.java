package tokyo.seisei.operator.engine.steps;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.model.Reason;

/**
 * Runs the steps in order and tells the listener of each one's start and end, so no step can forget to be
 * recorded. Stops at the first step that does not end {@link StepOutcome.Result#DONE}. A step that loads the host
 * runs in one of the {@link HostSlots}, taken before it starts and kept until a step that does not load the host.
 * A pause made while the stack waits for a slot or works stops it before its next change, as long as no container
 * was replaced yet; once one was, the deploy is seen through (verified or rolled back), as a half-done stack is worse.
 */
public final class Pipeline {

    /** Told of each step as it starts and ends. */
    public interface Listener {
        void stepStarted(String stack, StepName step);

        void stepEnded(String stack, StepResult result);

        /** Called once, before the first step that may change something. */
        void changing(String stack);
    }

    /** Why a stack is paused by a person now, if it is. */
    public interface Pauses {
        Optional<String> pausedBecause(String stack);
    }

    private final List<Step> steps;
    private final Clock clock;
    private final Shutdown shutdown;
    private final HostSlots slots;
    private final Pauses pauses;

    public Pipeline(List<Step> steps, Clock clock, Shutdown shutdown, HostSlots slots, Pauses pauses) {
        this.steps = List.copyOf(steps);
        this.clock = clock;
        this.shutdown = shutdown;
        this.slots = slots;
        this.pauses = pauses;
    }

    public PipelineRun run(Deployment deployment, Listener listener) {
        String stack = deployment.desired().name();
        List<StepResult> results = new ArrayList<>();
        boolean changing = false;
        boolean holdingSlot = false;
        try {
            for (Step step : steps) {
                if (step.loadsHost() && !holdingSlot) {
                    // taken before the stack turns Progressing: a stack waiting for a place has changed nothing yet
                    holdingSlot = slots.take(shutdown);
                } else if (!step.loadsHost() && holdingSlot) {
                    slots.giveBack();
                    holdingSlot = false;
                }
                Optional<String> paused = step.changesSomething() && deployment.replacements().isEmpty()
                        ? pauses.pausedBecause(stack) : Optional.empty();
                if (!changing && step.changesSomething() && paused.isEmpty()) {
                    changing = true;
                    listener.changing(stack);
                }
                listener.stepStarted(stack, step.name());
                Instant started = clock.instant();
                StepOutcome outcome = shutdown.requested() && step.changesSomething() || step.loadsHost() && !holdingSlot
                        ? StepOutcome.interrupted("the operator stopped before " + step.name() + "; it goes on at the next start")
                        : paused.map(StepOutcome::paused).orElseGet(() -> runGuarded(step, deployment));
                StepResult result = new StepResult(step.name(), outcome, Duration.between(started, clock.instant()));
                results.add(result);
                listener.stepEnded(stack, result);
                if (!result.outcome().done()) {
                    break;
                }
            }
        } finally {
            if (holdingSlot) {
                slots.giveBack();
            }
        }
        return new PipelineRun(results);
    }

    /**
     * An engine that stops answering, or a state folder that refuses a write (a full disk), is a reason to come
     * back later, not a crash of the pass nor the version's fault: what was replaced is put back.
     */
    private static StepOutcome runGuarded(Step step, Deployment deployment) {
        try {
            deployment.enter(step.name());
            return step.run(deployment);
        } catch (DockerFailure e) {
            return e.transientFailure()
                    ? StepOutcome.retry(Reason.ENGINE_UNREACHABLE, step.name() + ": " + e.getMessage())
                    : StepOutcome.failed(step.failureReason(), step.name() + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            return StepOutcome.retry(Reason.RECONCILE_ERROR, step.name() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // whatever broke, what the step replaced so far is in the deployment, and the caller rolls it back
            return StepOutcome.failed(step.failureReason(), step.name() + ": " + e);
        }
    }
}
