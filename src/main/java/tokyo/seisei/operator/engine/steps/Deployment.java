package tokyo.seisei.operator.engine.steps;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.PinnedImage;
import tokyo.seisei.operator.engine.plan.StackPlan;

/**
 * What the steps of one stack's deploy share, and what they have changed so far: the replacements a
 * rollback must undo. Each change is announced before it is made, so a journal of it survives a crash.
 */
public final class Deployment {

    /**
     * One container replaced (or created) by this deploy; fields fill in as the replacement advances.
     *
     * @param oldId     the container that ran before, or null when the service had none
     * @param parkedName the name the old container was kept under, stopped, for rollback
     * @param newId     the container created by this deploy, once created
     * @param newKeptAs when the new container is a kept previous one put back: its kept name, so a rollback
     *                  keeps it again instead of removing it
     */
    public record Replacement(String service, String name, String oldId, String oldName, String oldRestartPolicy,
                              String parkedName, String newId, String newKeptAs) {

        Replacement(String service, String name, String oldId, String oldName, String oldRestartPolicy,
                    String parkedName, String newId) {
            this(service, name, oldId, oldName, oldRestartPolicy, parkedName, newId, null);
        }

        Replacement withNewId(String id) {
            return new Replacement(service, name, oldId, oldName, oldRestartPolicy, parkedName, id, newKeptAs);
        }
    }

    private final StackPlan plan;
    private final DockerEngine docker;
    private final Clock clock;
    private final List<Replacement> replacements = new ArrayList<>();
    private final Consumer<Deployment> journal;
    private final Map<String, PinnedImage> pins;
    private StepName step;

    public Deployment(StackPlan plan, DockerEngine docker, Clock clock, Consumer<Deployment> journal,
               Map<String, PinnedImage> pins) {
        this.plan = plan;
        this.docker = docker;
        this.clock = clock;
        this.journal = journal;
        this.pins = pins;
    }

    /** By service: images pinned to the digest a promotion source verified. */
    public Map<String, PinnedImage> pins() {
        return pins;
    }

    public StackPlan plan() {
        return plan;
    }

    public DockerEngine docker() {
        return docker;
    }

    public Clock clock() {
        return clock;
    }

    public DesiredStack desired() {
        return plan.desired();
    }

    public List<Replacement> replacements() {
        return List.copyOf(replacements);
    }

    /** Records a replacement about to start (journal first), returning its index for {@link #advance}. */
    int announce(Replacement replacement) {
        replacements.add(replacement);
        journal.accept(this);
        return replacements.size() - 1;
    }

    void advance(int index, Replacement replacement) {
        replacements.set(index, replacement);
        journal.accept(this);
    }

    /** The step running now, as the journal names it. */
    public StepName step() {
        return step;
    }

    /** Enters a step: the journal says so before the step changes anything. */
    void enter(StepName step) {
        this.step = step;
        journal.accept(this);
    }
}
