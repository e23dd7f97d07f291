package tokyo.seisei.operator.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.engine.gates.LatchGate;
import tokyo.seisei.operator.engine.gates.PauseGate;
import tokyo.seisei.operator.engine.gates.PromotionGate;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.engine.plan.Ownership;
import tokyo.seisei.operator.engine.plan.Planner;
import tokyo.seisei.operator.engine.plan.RunningDigests;
import tokyo.seisei.operator.engine.plan.StackPlan;
import tokyo.seisei.operator.engine.plan.StackRenderer;
import tokyo.seisei.operator.engine.status.StackRecorder;
import tokyo.seisei.operator.engine.status.StatusDraft;
import tokyo.seisei.operator.engine.steps.Preflight;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.LoadedStack;

/**
 * What a pass would do, changing nothing: {@code stackctl plan} (a stack held back as converge would hold it, by
 * pause, promotion or latch, else its plan with promotion pins) and {@code stackctl preflight}.
 */
public final class DryRun {

    private final DesiredState desiredState;
    private final DockerEngine docker;
    private final PauseGate pause;
    private final PromotionGate promotion;
    private final StackRecorder recorder;
    private final Preflight preflight;
    private final Ownership ownership;
    private final StackRenderer renderer = new StackRenderer();
    private final Planner planner = new Planner();

    public DryRun(DesiredState desiredState, DockerEngine docker, PauseGate pause, PromotionGate promotion, StackRecorder recorder,
           Preflight preflight, Ownership ownership) {
        this.desiredState = desiredState;
        this.docker = docker;
        this.pause = pause;
        this.promotion = promotion;
        this.recorder = recorder;
        this.preflight = preflight;
        this.ownership = ownership;
    }

    /** One list call to the engine for all stacks. */
    public List<PlanReport> plan(Collection<String> only) {
        List<ContainerSummary> containers = ownership.mine(docker.listManagedContainers(), desiredState.names());
        List<PlanReport> reports = new ArrayList<>();
        for (LoadedStack stack : desiredState.all()) {
            if (!only.isEmpty() && !only.contains(stack.name())) {
                continue;
            }
            if (!stack.valid()) {
                reports.add(new PlanReport(stack.name(), stack.desiredVersion(),
                        stack.errors().stream().map(Object::toString).toList(), List.of()));
                continue;
            }
            List<ContainerSummary> current = containers.stream()
                    .filter(c -> stack.name().equals(c.stack())).toList();
            reports.add(heldBack(stack)
                    .map(why -> new PlanReport(stack.name(), stack.desiredVersion(), List.of(why), List.of()))
                    .orElseGet(() -> report(stack, current)));
        }
        return reports;
    }

    /**
     * Every failing preflight check of one stack, validation problems included; empty when it may be deployed.
     *
     * @throws Refused when there is no such stack
     */
    public List<String> preflight(String stack) {
        LoadedStack loaded = desiredState.find(stack).orElseThrow(() -> new Refused("no stack named " + stack));
        if (!loaded.valid()) {
            return loaded.errors().stream().map(p -> Reason.INVALID_SPEC + ": " + p).toList();
        }
        return preflight.check(renderer.render(loaded), docker);
    }

    /** Why converge would not touch the stack now, if it would not. */
    private Optional<String> heldBack(LoadedStack stack) {
        Optional<String> paused = pause.pausedBecause(stack);
        if (paused.isPresent()) {
            return paused;
        }
        PromotionGate.Decision gate = promotion.decide(stack.name(), stack.document().spec());
        if (!gate.open()) {
            return Optional.of("version " + stack.desiredVersion() + " is " + gate.blockedBecause());
        }
        StatusDraft draft = recorder.draft(stack.name());
        draft.observe(stack.environment(), stack.desiredVersion(), stack.revision(), stack.secretValues());
        return LatchGate.latched(draft) ? Optional.of("version " + draft.failedVersion()
                + " failed; change the desired state or run stackctl retry " + stack.name()) : Optional.empty();
    }

    private PlanReport report(LoadedStack stack, List<ContainerSummary> current) {
        Map<String, String> pins = promotion.decide(stack.name(), stack.document().spec()).pinnedImages();
        Map<String, String> keeping = RunningDigests.keep(renderer.render(stack, pins), pins, current);
        StackPlan plan = planner.plan(renderer.render(stack, keeping), current);
        List<PlanReport.Line> lines = new ArrayList<>();
        plan.actions().forEach(a -> lines.add(new PlanReport.Line(a.service().name(),
                a.kind() == StackPlan.Kind.NONE ? "nothing" : a.kind().name().toLowerCase(), a.why())));
        plan.undeclared().forEach(c -> lines.add(new PlanReport.Line(c.label(ContainerLabels.SERVICE),
                plan.desired().prune() ? "remove" : "keep", "no longer declared (" + c.name() + ")")));
        plan.takeover().leftAlone().forEach(c -> lines.add(new PlanReport.Line(c.label(ContainerLabels.COMPOSE_SERVICE),
                "leave", "compose container " + c.name() + ", no service of this stack takes it over: left alone")));
        return new PlanReport(stack.name(), stack.desiredVersion(), List.of(), lines);
    }
}
