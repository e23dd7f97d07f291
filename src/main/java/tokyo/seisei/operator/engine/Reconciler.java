package tokyo.seisei.operator.engine;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.plan.Ownership;
import tokyo.seisei.operator.engine.status.OperatorEvents;
import tokyo.seisei.operator.engine.steps.Shutdown;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.NetworkPool;
import tokyo.seisei.operator.store.StackLocks;

/**
 * One pass: read every desired-state file, list the managed containers once for all stacks (or not at all, when the
 * engine's events tell that nothing changed since the last list and the pass would change nothing), and converge
 * each stack on its own, under its lock, so that a stack that is blocked or fails never holds back the others.
 */
public final class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final DesiredState desiredState;
    private final DockerEngine docker;
    private final StackConverger converger;
    private final StackReports reports;
    private final StackLocks locks;
    private final OperatorEvents listeners;
    private final Clock clock;
    private final Ownership ownership;
    private final Set<String> current = ConcurrentHashMap.newKeySet();
    private final ConvergeWorkers workers;
    private final NetworkPool networkPool;
    private final QuietStacks quiet;
    private final ContainerListing listing;

    public Reconciler(DesiredState desiredState, DockerEngine docker, StackConverger converger, StackReports reports,
                      StackLocks locks, OperatorEvents listeners, Clock clock, Shutdown shutdown, Ownership ownership,
                      int maxConcurrent, NetworkPool networkPool) {
        this.desiredState = desiredState;
        this.docker = docker;
        this.converger = converger;
        this.reports = reports;
        this.locks = locks;
        this.listeners = listeners;
        this.clock = clock;
        this.ownership = ownership;
        this.workers = new ConvergeWorkers(maxConcurrent, shutdown);
        this.networkPool = networkPool;
        this.quiet = new QuietStacks(clock);
        this.listing = new ContainerListing(clock);
    }

    /** What tells this reconciler which stacks it may leave alone; {@link StateFileWatch} feeds it. */
    public QuietStacks quietStacks() {
        return quiet;
    }

    /** What tells this reconciler whether its last list of containers still stands; the engine's events feed it. */
    public ContainerListing containerListing() {
        return listing;
    }

    /** @param only stack names to reconcile; empty for all */
    public synchronized PassResult reconcile(Collection<String> only) {
        Instant started = clock.instant();
        PassResult result = pass(only);
        if (result.leftAlone() > 0) {
            listeners.stacksLeftAlone(result.leftAlone());
        }
        listeners.passFinished(Duration.between(started, clock.instant()), result.engineError() == null && !result.retry());
        return result;
    }

    private PassResult pass(Collection<String> only) {
        // a stack written in two files is blocked once, not converged twice
        Set<String> seen = new HashSet<>();
        List<LoadedStack> declared = desiredState.all().stream()
                .filter(s -> only.isEmpty() || only.contains(s.name())).filter(s -> seen.add(s.name())).toList();
        // a stack named in a request is converged in full: someone asked for a look
        Optional<Plan> plan = only.isEmpty() ? listing.standing().map(listed -> plan(declared, seen, listed, true))
                .filter(quietPlan -> quietPlan.leftAlone().size() == declared.size()) : Optional.empty();
        if (plan.isEmpty()) {
            try {
                plan = Optional.of(plan(declared, seen, listing.list(docker), only.isEmpty()));
            } catch (DockerFailure e) {
                LOG.errorf("pass skipped, nothing changed: %s", e.getMessage());
                declared.forEach(s -> guarded(s.name(), waited -> reports.engineLost(s.name(), e.getMessage())));
                return new PassResult(Map.of(), e.getMessage(), true);
            }
        }
        Map<String, List<ContainerSummary>> byStack = plan.get().byStack();
        Map<String, List<String>> waits = plan.get().waits();
        Set<String> leftAlone = plan.get().leftAlone();
        Map<String, StackConverger.Result> results = workers.convergeAll(PassOrder.dependenciesFirst(
                        declared.stream().filter(s -> !leftAlone.contains(s.name())).toList(), waits), waits,
                stack -> guarded(stack.name(), waited -> {
                    long changesBefore = quiet.converging(stack.name());
                    List<ContainerSummary> now = waited ? ownership.mine(docker.listStackContainers(stack.name()), seen)
                            : byStack.getOrDefault(stack.name(), List.of());
                    StackConverger.Result result = converger.converge(stack, now);
                    quiet.converged(stack, now, changesBefore, result);
                    return result;
                }));
        leftAlone.forEach(stack -> results.put(stack, new StackConverger.Result(Phase.Ready, false)));
        Map<String, Phase> phases = new LinkedHashMap<>();
        results.forEach((stack, result) -> phases.put(stack, result.phase()));
        boolean retry = results.values().stream().anyMatch(StackConverger.Result::retry);
        for (String orphan : new TreeSet<>(byStack.keySet())) {
            // a Compose project no stack file names is not the operator's business
            boolean operatorMade = byStack.get(orphan).stream().anyMatch(c -> !c.composeMade());
            if (operatorMade && !seen.contains(orphan) && (only.isEmpty() || only.contains(orphan))) {
                guarded(orphan, waited -> reports.orphan(orphan, byStack.get(orphan)));
            }
        }
        if (only.isEmpty()) {
            releaseSubnetsOfGoneStacks(seen);
        }
        return new PassResult(phases, null, retry, leftAlone.size());
    }

    /** What a pass works from: the containers by stack, who waits for whom, and the stacks it leaves alone. */
    private record Plan(Map<String, List<ContainerSummary>> byStack, Map<String, List<String>> waits, Set<String> leftAlone) {
    }

    private Plan plan(List<LoadedStack> declared, Set<String> names, List<ContainerSummary> containers, boolean mayLeaveAlone) {
        Map<String, List<ContainerSummary>> byStack = ownership.mine(containers, names).stream()
                .collect(Collectors.groupingBy(ContainerSummary::stack));
        Map<String, List<String>> waits = HostClaims.withHandOvers(declared, PassOrder.predecessors(declared), byStack);
        return new Plan(byStack, waits, mayLeaveAlone ? leftAlone(declared, byStack, waits) : Set.of());
    }

    /**
     * The stacks whose converge would change nothing ({@link QuietStacks}), less those that wait for a stack converged
     * in this pass: a version verified in its promotion source, a port handed over, reach them in the same pass.
     */
    private Set<String> leftAlone(List<LoadedStack> declared, Map<String, List<ContainerSummary>> byStack,
                                  Map<String, List<String>> waits) {
        Set<String> alone = declared.stream().filter(s -> quiet.unchanged(s, byStack.getOrDefault(s.name(), List.of())))
                .map(LoadedStack::name).collect(Collectors.toCollection(HashSet::new));
        boolean waitsForAConverge = true;
        while (waitsForAConverge) {
            waitsForAConverge = alone.removeIf(s -> !alone.containsAll(waits.getOrDefault(s, List.of())));
        }
        return alone;
    }

    /**
     * The subnets of a stack whose file is gone go back to the pool once none of its networks is left on the
     * engine; the folder is read again, so a file written during the pass keeps its stack's subnets.
     */
    private void releaseSubnetsOfGoneStacks(Set<String> declared) {
        try {
            if (declared.containsAll(networkPool.stacksRecorded())) {
                return; // the common case, told without the pool's lock
            }
            List<String> released = networkPool.releaseGone(() -> Set.copyOf(desiredState.names()),
                    () -> docker.networkSubnets().keySet());
            released.forEach(stack -> LOG.infof("%s: its file and its networks are gone: its subnets go back to the pool",
                    stack));
        } catch (DockerFailure | UncheckedIOException e) {
            LOG.warnf("the subnets of gone stacks are kept until a later pass: %s", e.getMessage());
        }
    }

    /** The stacks the pass is at, while one runs. */
    public Optional<String> currentStack() {
        return current.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", new TreeSet<>(current)));
    }

    /**
     * Runs the work holding the stack's lock. The work is told whether it had to wait for it: then another
     * process changed the stack meanwhile, and the containers listed at the start of the pass are stale.
     */
    private StackConverger.Result guarded(String stack, Function<Boolean, StackConverger.Result> work) {
        current.add(stack);
        try (StackLocks.Held held = locks.lock(stack)) {
            return settled(stack, () -> work.apply(held.waited()));
        } catch (UncheckedIOException e) {
            LOG.errorf("%s: cannot take the stack's lock: %s", stack, e.getMessage());
            return new StackConverger.Result(Phase.Degraded, false);
        } finally {
            current.remove(stack);
        }
    }

    /** The work's result; an engine gone or a failure of the operator itself ends in the stack's status, never the pass. */
    private StackConverger.Result settled(String stack, java.util.function.Supplier<StackConverger.Result> work) {
        try {
            return work.get();
        } catch (DockerFailure e) {
            LOG.errorf("%s: engine failure, will retry: %s", stack, e.getMessage());
            return e.transientFailure() ? reports.engineLost(stack, e.getMessage())
                    : new StackConverger.Result(Phase.Progressing, true);
        } catch (RuntimeException e) {
            if (e instanceof UncheckedIOException) {
                LOG.errorf("%s: reconcile failed: %s", stack, e.getMessage()); // the host's files: no trace to read
            } else {
                LOG.errorf(e, "%s: reconcile failed: %s", stack, e.getMessage());
            }
            try {
                return reports.error(stack, e);
            } catch (RuntimeException again) {
                LOG.errorf("%s: the status could not be written either: %s", stack, again.getMessage());
                return new StackConverger.Result(Phase.Degraded, false);
            }
        }
    }
}
