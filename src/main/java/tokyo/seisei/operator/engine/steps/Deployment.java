package tokyo.seisei.operator.engine.steps;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.hold.HoldPoints;
import tokyo.seisei.operator.engine.plan.DesiredStack;
import tokyo.seisei.operator.engine.plan.PinnedImage;
import tokyo.seisei.operator.engine.plan.StackPlan;
import tokyo.seisei.operator.store.OperationRecord.Replacement;

/**
 * What the steps of one stack's deploy share, and what they have changed so far: the replacements a rollback
 * must undo. Before each action that changes the engine, the deployment is handed to its log (the operation
 * record, synced to disk), so a restart can tell where it stood.
 */
public final class Deployment {

    private static final Logger LOG = Logger.getLogger(Deployment.class);

    private final StackPlan plan;
    private final DockerEngine docker;
    private final Clock clock;
    private final List<Replacement> replacements = new ArrayList<>();
    private final Consumer<Deployment> log;
    private final Map<String, PinnedImage> pins;
    private final HoldPoints holds;
    private StepName step;
    private String next;
    private String failureReason;
    private String failureMessage;
    private boolean versionAtFault;
    private boolean undoing;

    /** @param replacements those an interrupted deploy had made, when it is settled after a restart */
    public Deployment(StackPlan plan, DockerEngine docker, Clock clock, Consumer<Deployment> log,
                      Map<String, PinnedImage> pins, HoldPoints holds, List<Replacement> replacements) {
        this.plan = plan;
        this.docker = docker;
        this.clock = clock;
        this.log = log;
        this.pins = pins;
        this.holds = holds;
        this.replacements.addAll(replacements);
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

    /** The step under way, and the action it is about to take. */
    public StepName step() {
        return step;
    }

    public String next() {
        return next;
    }

    /** Records a replacement about to start (log first), returning its index for {@link #advance}. */
    int announce(Replacement replacement, String action) {
        replacements.add(replacement);
        about(action);
        return replacements.size() - 1;
    }

    void advance(int index, Replacement replacement) {
        replacements.set(index, replacement);
        log.accept(this);
    }

    /**
     * Says what is about to change, before it changes. Once the deploy is being undone, a record that cannot be
     * written (a full disk) no longer stops anything: putting the previous containers back matters more, and
     * doing it again after a crash does no harm.
     */
    void about(String action) {
        next = action;
        try {
            log.accept(this);
        } catch (UncheckedIOException e) {
            if (!undoing) {
                throw e;
            }
            LOG.warnf("%s: the operation record cannot be written (%s); the previous containers are put back all the same",
                    plan.desired().name(), e.getMessage());
        }
    }

    /** Enters a step: the log says so before the step changes anything. */
    void enter(StepName step) {
        this.step = step;
        about(step.label());
    }

    /**
     * The deploy failed and what it replaced is being put back; the log says so first.
     *
     * @param atFault the failure is the version's own (its smoke, its start, its pull), not the engine's or the operator's
     */
    public void failing(String reason, String message, boolean atFault) {
        undoing = true;
        failureReason = reason;
        failureMessage = message;
        versionAtFault = atFault;
        about("put the previous containers back");
    }

    public String failureReason() {
        return failureReason;
    }

    public String failureMessage() {
        return failureMessage;
    }

    public boolean versionAtFault() {
        return versionAtFault;
    }

    /** A named point of the deploy, where the reliability suite may hold the operator. */
    public void reached(String point) {
        holds.reach(point);
    }
}
