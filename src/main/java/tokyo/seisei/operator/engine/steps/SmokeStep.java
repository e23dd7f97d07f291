package tokyo.seisei.operator.engine.steps;

import tokyo.seisei.operator.engine.smoke.SmokeResult;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.model.Reason;

/**
 * Runs the stack's smoke (spec.smoke, and always its containers: running, staying up, healthy) once the
 * containers are replaced; a deploy whose smoke fails is not done.
 */
public final class SmokeStep implements Step {

    private final SmokeRunner runner;

    public SmokeStep(SmokeRunner runner) {
        this.runner = runner;
    }

    @Override
    public StepName name() {
        return StepName.SMOKE;
    }

    @Override
    public String failureReason() {
        return Reason.SMOKE_FAILED;
    }

    /** A smoke watches and waits, for as long as its timeout allows; it holds no place another stack's deploy needs. */
    @Override
    public boolean loadsHost() {
        return false;
    }

    @Override
    public StepOutcome run(Deployment deployment) {
        deployment.reached("smoke");
        SmokeResult result = runner.run(deployment.desired(), deployment.desired().smoke());
        if (result.interrupted()) {
            return StepOutcome.interrupted(result.message());
        }
        return result.passed() ? StepOutcome.done(result.message())
                : StepOutcome.failed(Reason.SMOKE_FAILED, result.message());
    }
}
