package tokyo.seisei.operator.engine.steps;

import java.time.Duration;
import java.util.List;

/** The steps a deploy ran, in order, each with its outcome and duration; the last one says how it ended. */
public record PipelineRun(List<StepResult> steps) {

    public PipelineRun {
        steps = List.copyOf(steps);
    }

    /** How the deploy ended: the outcome of the last step that ran. */
    public StepOutcome outcome() {
        return steps.isEmpty() ? StepOutcome.done("nothing to do") : steps.get(steps.size() - 1).outcome();
    }

    /** How long a step took; zero when it did not run. */
    public Duration took(StepName step) {
        return steps.stream().filter(s -> s.step() == step).map(StepResult::took).findFirst().orElse(Duration.ZERO);
    }
}
