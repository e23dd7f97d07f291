package tokyo.seisei.operator.engine.steps;

import java.time.Duration;

/** How one step of a deploy ended, and how long it took. */
public record StepResult(StepName step, StepOutcome outcome, Duration took) {
}
