package tokyo.seisei.operator.engine.steps;

/** One step of converging a stack. Idempotent: running it twice does no harm. */
public interface Step {

    StepName name();

    /** The reason recorded when the engine refuses something during this step. */
    String failureReason();

    StepOutcome run(Deployment deployment);

    /** False for a step that only checks: the stack is Progressing only once a step may change something. */
    default boolean changesSomething() {
        return true;
    }

    /** False for a step that only watches and waits: it holds none of the {@link HostSlots} while it runs. */
    default boolean loadsHost() {
        return true;
    }
}
