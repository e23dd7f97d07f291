package tokyo.seisei.operator.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.plan.ContainerLabels;
import tokyo.seisei.operator.engine.plan.KeptContainers;

/**
 * {@code stackctl logs STACK -f}: the logs of each service's current container as they are written, each line after
 * its service's name when there are several, until every container stops or goes. A container replaced under the
 * follow (a deploy) is not followed into its successor: that is said, on stderr.
 */
final class FollowedLogs {

    private final DockerEngine docker;
    private final String stack;
    private final PrintStream out;
    private final PrintStream notes;

    FollowedLogs(DockerEngine docker, String stack, PrintStream out, PrintStream notes) {
        this.docker = docker;
        this.stack = stack;
        this.out = out;
        this.notes = notes;
    }

    /**
     * Follows until each container's stream ended, saying why each ended as it ends. The engine is asked why on this
     * thread: a stream ends on a thread of the engine client, where a call made is cancelled as the stream closes.
     */
    void follow(List<ContainerSummary> containers, int tail) throws InterruptedException {
        int width = containers.stream().mapToInt(c -> service(c).length()).max().orElse(0);
        BlockingQueue<ContainerSummary> ended = new LinkedBlockingQueue<>();
        List<AutoCloseable> streams = new ArrayList<>();
        try {
            for (ContainerSummary container : containers) {
                String prefix = containers.size() > 1 ? String.format("%-" + width + "s | ", service(container)) : "";
                streams.add(docker.followLogs(container.id(), tail, line -> print(prefix + line), () -> ended.add(container)));
            }
            for (int open = containers.size(); open > 0; open--) {
                ContainerSummary container = ended.take();
                String why = whyEnded(container);
                if (shuttingDown()) {
                    return; // Ctrl-C: the streams ended because the engine client was closed on the way out
                }
                note(service(container) + ": " + why);
            }
        } finally {
            streams.forEach(FollowedLogs::closeQuietly);
        }
    }

    private void note(String text) {
        synchronized (out) {
            out.flush();
            notes.println("==> " + text);
            notes.flush();
        }
    }

    private void print(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private String whyEnded(ContainerSummary followed) {
        List<ContainerSummary> now;
        try {
            now = docker.listStackContainers(stack);
        } catch (DockerFailure e) {
            return "its stream ended, and the engine does not say why: " + e.getMessage();
        }
        String service = service(followed);
        Optional<ContainerSummary> current = now.stream().filter(c -> !KeptContainers.isKept(c))
                .filter(c -> service.equals(service(c))).findFirst();
        if (current.isPresent() && !current.get().id().equals(followed.id())) {
            return "its container " + followed.name() + " was replaced (a deploy); stackctl logs " + stack + " " + service
                    + " -f follows the new one";
        }
        boolean stillThere = now.stream().anyMatch(c -> c.id().equals(followed.id()));
        return stillThere ? "its container " + followed.name() + " stopped" : "its container " + followed.name() + " is gone";
    }

    /** The JVM refuses a new shutdown hook once it is shutting down. */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private static String service(ContainerSummary container) {
        String service = ContainerLabels.serviceOf(container);
        return service == null ? container.name() : service;
    }

    private static void closeQuietly(AutoCloseable stream) {
        try {
            stream.close();
        } catch (Exception ignored) {
            // the stream ended already
        }
    }
}
