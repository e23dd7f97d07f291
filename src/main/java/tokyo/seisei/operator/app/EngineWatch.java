package tokyo.seisei.operator.app;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import tokyo.seisei.operator.docker.ContainerEvent;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.RetryPolicy;
import tokyo.seisei.operator.engine.plan.ContainerLabels;

/**
 * A container of this operator that dies, is stopped or turns unhealthy sends its stack to be looked at at once,
 * whatever the poll interval. Only a trigger: the stack is still converged from its file. While the stream is connected,
 * the events also tell the reconciler whether its last list of containers still stands ({@code ContainerListing}).
 * When the stream ends (the engine went away), every pass lists again, and the engine is watched again with the retry
 * policy's wait.
 */
@Singleton
public class EngineWatch {

    private static final Logger LOG = Logger.getLogger(EngineWatch.class);

    @Inject
    DockerEngine docker;

    @Inject
    Operator operator;

    @Inject
    Daemon daemon;

    private final ScheduledExecutorService again = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "engine-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger failures = new AtomicInteger();
    private final java.util.Set<String> looking = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** How long after an event its stack is looked at: the engine's own reaction comes first. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    public void start() {
        again.execute(this::watch);
    }

    private void watch() {
        try {
            docker.watchContainers(this::connected, this::seen, this::ended);
            failures.set(0);
        } catch (DockerFailure e) {
            ended();
        }
    }

    private void connected() {
        operator.reconciler().containerListing().watching(true);
    }

    private void seen(ContainerEvent event) {
        if (event.changesTheList()) {
            operator.reconciler().containerListing().changed();
        }
        String stack = event.labels().get(ContainerLabels.STACK);
        if (stack != null && event.needsALook() && operator.ownership().owns(event.labels(), operator.desiredState().names())
                && looking.add(stack)) {
            LOG.debugf("%s: %s, looked at in %sms", stack, event.action(), SETTLE.toMillis());
            // the engine first settles what it does itself (a kill, then a die, then a restart by the policy)
            again.schedule(() -> {
                looking.remove(stack);
                daemon.requestPass(stack);
            }, SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void ended() {
        operator.reconciler().containerListing().watching(false);
        if (operator.shutdown().requested()) {
            return;
        }
        Duration wait = RetryPolicy.STANDARD.delay(failures.incrementAndGet());
        again.schedule(this::watch, wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
