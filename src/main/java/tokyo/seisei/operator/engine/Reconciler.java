package tokyo.seisei.operator.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.smoke.SmokeRunner;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.DeployJournal;
import tokyo.seisei.operator.store.EventJournal;
import tokyo.seisei.operator.store.PauseStore;
import tokyo.seisei.operator.store.ReleaseFiles;
import tokyo.seisei.operator.store.ReleaseLedger;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.StackLocks;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/**
 * One pass: read every desired-state file, list the managed containers once for all stacks, and converge
 * each stack on its own, so that a stack that is blocked or fails never holds back the others.
 */
public final class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    /**
     * @param phases      the phase each stack ended in
     * @param engineError why the engine could not be used at all this pass, or null
     * @param retry       true when a stack hit a transient failure and the pass should be repeated soon
     */
    public record PassResult(Map<String, Phase> phases, String engineError, boolean retry) {

        public boolean allSettled() {
            return engineError == null && phases.values().stream().allMatch(Phase::settled);
        }
    }

    private final Path desiredStateDir;
    private final DesiredStateLoader loader;
    private final DockerEngine docker;
    private final StackConverger converger;
    private final StackLocks locks;
    private final Preflight preflight;
    private final OperatorEvents listeners;
    private final Clock clock;
    private ManualRollback manualRollback;

    /** {@code stackctl rollback}, sharing this reconciler's pipeline and records. */
    public ManualRollback manualRollback() {
        return manualRollback;
    }

    public Reconciler(Path desiredStateDir, DesiredStateLoader loader, DockerEngine docker, StackConverger converger,
                      StackLocks locks, Preflight preflight, OperatorEvents listeners, Clock clock) {
        this.listeners = listeners;
        this.clock = clock;
        this.desiredStateDir = desiredStateDir;
        this.loader = loader;
        this.docker = docker;
        this.converger = converger;
        this.locks = locks;
        this.preflight = preflight;
    }

    /** The reconciler with its standard pipeline, recording under the state layout. */
    public static Reconciler create(OperatorSettings settings, DesiredStateLoader loader, DockerEngine docker, Clock clock) {
        return create(settings, loader, docker, clock, OperatorEvents.NONE);
    }

    public static Reconciler create(OperatorSettings settings, DesiredStateLoader loader, DockerEngine docker, Clock clock,
                                    OperatorEvents listeners) {
        StateLayout layout = settings.layout();
        StackRecorder recorder = new StackRecorder(new StatusStore(layout), new HistoryLog(layout, clock),
                new EventJournal(layout, clock), new DeployJournal(layout), clock, listeners);
        Pipeline pipeline = new Pipeline(Steps.converge(settings, docker, clock), clock);
        Rollback rollback = new Rollback(new SmokeRunner(docker, clock, settings.smokeStableFor()), loader, layout);
        StackConverger converger = new StackConverger(docker, pipeline, recorder, new ReleaseFiles(layout),
                new PauseStore(layout), rollback, new ReleaseLedger(layout), clock, settings.keepPrevious());
        Reconciler reconciler = new Reconciler(settings.desiredStateDir(), loader, docker, converger, new StackLocks(layout),
                new Preflight(layout.root(), settings.minFreeDiskPercent()), listeners, clock);
        reconciler.manualRollback = new ManualRollback(settings.desiredStateDir(), loader, docker, converger,
                new StackLocks(layout), new StatusStore(layout), new HistoryLog(layout, clock), new PauseStore(layout), clock);
        return reconciler;
    }

    /** @param only stack names to reconcile; empty for all */
    public synchronized PassResult reconcile(Collection<String> only) {
        java.time.Instant started = clock.instant();
        PassResult result = pass(only);
        listeners.passFinished(java.time.Duration.between(started, clock.instant()),
                result.engineError() == null && !result.retry());
        return result;
    }

    private PassResult pass(Collection<String> only) {
        // a stack written in two files is blocked once, not converged twice
        List<LoadedStack> stacks = promotionSourcesFirst(loader.loadDirectory(desiredStateDir).stream()
                .filter(s -> only.isEmpty() || only.contains(s.name()))
                .filter(distinctByName()).toList());
        List<ContainerSummary> containers;
        try {
            containers = docker.listManagedContainers();
        } catch (DockerFailure e) {
            LOG.errorf("pass skipped, nothing changed: %s", e.getMessage());
            return new PassResult(Map.of(), e.getMessage(), true);
        }
        Map<String, List<ContainerSummary>> byStack = containers.stream()
                .collect(Collectors.groupingBy(c -> c.label(ContainerLabels.STACK)));
        Map<String, Phase> phases = new LinkedHashMap<>();
        boolean retry = false;
        for (LoadedStack stack : stacks) {
            StackConverger.Result result = guarded(stack.name(),
                    waited -> converger.converge(stack, waited ? containersOf(stack.name())
                            : byStack.getOrDefault(stack.name(), List.of())));
            phases.put(stack.name(), result.phase());
            retry |= result.retry();
        }
        Set<String> declared = stacks.stream().map(LoadedStack::name).collect(Collectors.toSet());
        for (String orphan : new TreeSet<>(byStack.keySet())) {
            if (!declared.contains(orphan) && (only.isEmpty() || only.contains(orphan))) {
                guarded(orphan, waited -> converger.reportOrphan(orphan, byStack.get(orphan)));
            }
        }
        return new PassResult(phases, null, retry);
    }

    /**
     * Runs the work holding the stack's lock. The work is told whether it had to wait for it: then another
     * process changed the stack meanwhile, and the containers listed at the start of the pass are stale.
     */
    private StackConverger.Result guarded(String stack, java.util.function.Function<Boolean, StackConverger.Result> work) {
        try (StackLocks.Held held = locks.lock(stack)) {
            return work.apply(held.waited());
        } catch (DockerFailure e) {
            LOG.errorf("%s: engine failure, will retry: %s", stack, e.getMessage());
            return new StackConverger.Result(Phase.Progressing, true);
        } catch (Exception e) {
            LOG.errorf(e, "%s: reconcile failed: %s", stack, e.getMessage());
            try {
                converger.reportError(stack, e);
            } catch (RuntimeException again) {
                LOG.errorf("%s: the status could not be written either: %s", stack, again.getMessage());
            }
            return new StackConverger.Result(Phase.Degraded, false);
        }
    }

    private List<ContainerSummary> containersOf(String stack) {
        return docker.listStackContainers(stack);
    }

    private static java.util.function.Predicate<LoadedStack> distinctByName() {
        Set<String> seen = new java.util.HashSet<>();
        return s -> seen.add(s.name());
    }

    /**
     * A staging stack goes before the prod stacks that promote from it, so a version it verifies in this pass
     * reaches them in the same pass.
     */
    static List<LoadedStack> promotionSourcesFirst(List<LoadedStack> stacks) {
        Map<String, String> sourceOf = new java.util.HashMap<>();
        stacks.stream().filter(LoadedStack::valid).filter(s -> s.document().spec().promotion() != null)
                .forEach(s -> sourceOf.put(s.name(), s.document().spec().promotion().from()));
        java.util.function.ToIntFunction<LoadedStack> depth = s -> {
            int d = 0;
            for (String at = sourceOf.get(s.name()); at != null && d < stacks.size(); at = sourceOf.get(at)) {
                d++;
            }
            return d;
        };
        return stacks.stream().sorted(java.util.Comparator.comparingInt(depth)).toList();
    }

    /** What {@link #reconcile} would do, changing nothing; one list call to the engine. */
    public List<PlanReport> plan(Collection<String> only) {
        List<ContainerSummary> containers = docker.listManagedContainers();
        List<PlanReport> reports = new ArrayList<>();
        for (LoadedStack stack : loader.loadDirectory(desiredStateDir)) {
            if (!only.isEmpty() && !only.contains(stack.name())) {
                continue;
            }
            if (!stack.valid()) {
                reports.add(new PlanReport(stack.name(), stack.desiredVersion(),
                        stack.errors().stream().map(Object::toString).toList(), List.of()));
                continue;
            }
            List<ContainerSummary> current = containers.stream()
                    .filter(c -> stack.name().equals(c.label(ContainerLabels.STACK))).toList();
            StackConverger.Preview preview = converger.preview(stack, current);
            if (preview.heldBack() != null) {
                reports.add(new PlanReport(stack.name(), stack.desiredVersion(), List.of(preview.heldBack()), List.of()));
                continue;
            }
            StackPlan plan = preview.plan();
            List<PlanReport.Line> lines = new ArrayList<>();
            plan.actions().forEach(a -> lines.add(new PlanReport.Line(a.service().name(),
                    a.kind() == StackPlan.Kind.NONE ? "nothing" : a.kind().name().toLowerCase(), a.why())));
            plan.undeclared().forEach(c -> lines.add(new PlanReport.Line(c.label(ContainerLabels.SERVICE),
                    plan.desired().prune() ? "remove" : "keep", "no longer declared (" + c.name() + ")")));
            reports.add(new PlanReport(stack.name(), stack.desiredVersion(), List.of(), lines));
        }
        return reports;
    }

    /**
     * The preflight of one stack on its own, as {@code stackctl preflight} runs it: every failing check,
     * validation problems included; empty when the stack may be deployed.
     */
    public List<String> preflight(String stack) {
        LoadedStack loaded = loader.loadDirectory(desiredStateDir).stream().filter(s -> s.name().equals(stack))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no stack named " + stack));
        if (!loaded.valid()) {
            return loaded.errors().stream().map(p -> Reason.INVALID_SPEC + ": " + p).toList();
        }
        return preflight.check(new StackRenderer().render(loaded), docker);
    }

    /** Names of the stacks in the desired-state folder, for the CLI to check the names it is given. */
    public List<String> stackNames() {
        List<String> names = new ArrayList<>();
        loader.loadDirectory(desiredStateDir).forEach(s -> names.add(s.name()));
        return names;
    }
}
