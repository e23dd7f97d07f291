package tokyo.seisei.operator.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.model.Reason;

/**
 * Runs the steps in order and records each one's start and end, so no step can forget to. Stops at the
 * first step that does not end {@link StepOutcome.Result#DONE}.
 */
public final class Pipeline {

    /** Told of each step as it starts and ends. */
    public interface Listener {
        void stepStarted(String stack, String step);

        void stepEnded(String stack, String step, StepOutcome outcome, Duration took);

        /** Called once, before the first step that may change something. */
        default void changing(String stack) {
        }
    }

    private final List<Step> steps;
    private final Clock clock;

    public Pipeline(List<Step> steps, Clock clock) {
        this.steps = List.copyOf(steps);
        this.clock = clock;
    }

    public StepOutcome run(Deployment deployment, Listener listener) {
        String stack = deployment.desired().name();
        StepOutcome last = StepOutcome.done("nothing to do");
        boolean changing = false;
        for (Step step : steps) {
            if (!changing && step.changesSomething()) {
                changing = true;
                listener.changing(stack);
            }
            listener.stepStarted(stack, step.name());
            deployment.enter(step.name());
            Instant started = clock.instant();
            last = runGuarded(step, deployment);
            listener.stepEnded(stack, step.name(), last, Duration.between(started, clock.instant()));
            if (!last.done()) {
                return last;
            }
        }
        return last;
    }

    /** An engine that stops answering is a reason to come back later, not a crash of the pass. */
    private static StepOutcome runGuarded(Step step, Deployment deployment) {
        try {
            return step.run(deployment);
        } catch (DockerFailure e) {
            return e.transientFailure()
                    ? StepOutcome.retry(Reason.ENGINE_UNREACHABLE, step.name() + ": " + e.getMessage())
                    : StepOutcome.failed(step.failureReason(), step.name() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // whatever broke, what the step replaced so far is in the deployment, and the caller rolls it back
            return StepOutcome.failed(step.failureReason(), step.name() + ": " + e);
        }
    }
}
