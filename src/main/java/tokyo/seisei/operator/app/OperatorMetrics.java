package tokyo.seisei.operator.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.store.BackupVerification;
import tokyo.seisei.operator.engine.status.HistoryLine;
import tokyo.seisei.operator.engine.status.OperatorEvents;
import tokyo.seisei.operator.engine.steps.StepResult;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.store.HistoryLog;

/**
 * The operator's metrics on {@code /q/metrics}, all named {@code stack_operator_*}, with the reasons and
 * results of the status and the history as label values.
 */
public final class OperatorMetrics implements OperatorEvents {

    private final MeterRegistry registry;
    /** 1 for the phase and version a stack is in, 0 for the others it was in before. */
    private final Map<String, AtomicLong> stackInfo = new ConcurrentHashMap<>();
    private final Map<String, String> currentKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> verifiedAt = new ConcurrentHashMap<>();
    private final AtomicLong lastSuccessfulPass = new AtomicLong();

    public OperatorMetrics(MeterRegistry registry, DockerEngine docker) {
        this.registry = registry;
        Gauge.builder("stack_operator_last_successful_pass_timestamp_seconds", lastSuccessfulPass, AtomicLong::get)
                .description("When the last complete pass ended, in Unix seconds").register(registry);
        Gauge.builder("stack_operator_docker_api_errors", docker, DockerEngine::errorCount)
                .description("Docker API requests that failed, since the start").register(registry);
        Gauge.builder("stack_operator_docker_api_requests", docker, DockerEngine::requestCount)
                .description("Docker API requests sent, since the start").register(registry);
    }

    @Override
    public void phaseChanged(String stack, String environment, Phase phase, String version, String reason, String message) {
        String key = stack + "|" + label(environment) + "|" + label(phase) + "|" + label(version);
        String before = currentKey.put(stack, key);
        if (before != null && stackInfo.containsKey(before)) {
            stackInfo.get(before).set(0);
        }
        stackInfo.computeIfAbsent(key, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("stack_operator_stack_info", value, AtomicLong::get)
                    .description("1 for the phase and current version a stack is in")
                    .tags(Tags.of("stack", stack, "env", label(environment), "phase", label(phase),
                            "version", label(version)))
                    .register(registry);
            return value;
        }).set(1);
    }

    /** Prometheus has no null: an unknown value is an empty label. */
    private static String label(Object value) {
        return value == null ? "" : value.toString();
    }

    @Override
    public void actionFinished(String stack, String environment, HistoryLine line) {
        String name = HistoryLog.ROLLBACK.equals(line.action()) ? "stack_operator_rollbacks_total" : "stack_operator_deploys_total";
        Counter.builder(name).description("Finished " + line.action() + "s by result")
                .tags("stack", stack, "action", line.action(), "result", line.result(), "forced", String.valueOf(line.forced()))
                .register(registry).increment();
    }

    @Override
    public void stepFinished(String stack, StepResult step) {
        Timer.builder("stack_operator_step_duration_seconds").description("Pipeline step durations")
                .tags("step", step.step().label(), "result", step.outcome().result().name().toLowerCase())
                .publishPercentileHistogram().register(registry).record(step.took());
    }

    @Override
    public void backupVerified(String stack, String environment, BackupVerification verification) {
        if (verification.passed()) {
            verifiedAt.computeIfAbsent(stack, s -> {
                AtomicLong value = new AtomicLong();
                Gauge.builder("stack_operator_backup_verified_timestamp_seconds", value, AtomicLong::get)
                        .description("When a backup of the stack last restored into a throwaway database, in Unix seconds")
                        .tags("stack", stack).register(registry);
                return value;
            }).set(Instant.parse(verification.at()).getEpochSecond());
        }
    }

    @Override
    public void stacksLeftAlone(int stacks) {
        Counter.builder("stack_operator_stacks_left_alone_total")
                .description("Stacks a pass left alone, nothing they read having changed since their last converge")
                .register(registry).increment(stacks);
    }

    @Override
    public void passFinished(Duration took, boolean complete) {
        Timer.builder("stack_operator_pass_duration_seconds").description("Duration of a reconcile pass")
                .tags("complete", String.valueOf(complete)).register(registry).record(took);
        if (complete) {
            lastSuccessfulPass.set(Instant.now().getEpochSecond());
        }
    }
}
