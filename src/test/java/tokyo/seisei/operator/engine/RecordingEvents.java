package tokyo.seisei.operator.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tokyo.seisei.operator.engine.status.HistoryLine;
import tokyo.seisei.operator.engine.status.OperatorEvents;
import tokyo.seisei.operator.engine.steps.StepResult;
import tokyo.seisei.operator.model.Phase;

/** What the listeners (metrics, webhook) hear, one readable line each. */
public final class RecordingEvents implements OperatorEvents {

    /** "stack phase version reason" */
    public final List<String> phases = new ArrayList<>();
    /** the history lines as the listeners get them (force reason apart from the notes) */
    public final List<HistoryLine> actions = new ArrayList<>();
    /** "stack Step RESULT" */
    public final List<String> steps = new ArrayList<>();
    public final List<Boolean> passes = new ArrayList<>();

    @Override
    public synchronized void phaseChanged(String stack, String environment, Phase phase, String version, String reason,
                                          String message) {
        phases.add(stack + " " + phase + " " + version + " " + reason);
    }

    @Override
    public synchronized void actionFinished(String stack, String environment, HistoryLine line) {
        actions.add(line);
    }

    @Override
    public synchronized void stepFinished(String stack, StepResult step) {
        steps.add(stack + " " + step.step().label() + " " + step.outcome().result());
    }

    @Override
    public synchronized void passFinished(Duration took, boolean complete) {
        passes.add(complete);
    }
}
