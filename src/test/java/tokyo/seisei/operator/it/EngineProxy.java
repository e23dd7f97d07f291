package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The lab engine's socket, reached through socat, so a test can cut the engine off and bring it back. */
final class EngineProxy {

    private EngineProxy() {
    }

    static Process start(Path socket) throws IOException {
        Files.deleteIfExists(socket);
        Process socat = new ProcessBuilder(List.of("socat", "UNIX-LISTEN:" + socket + ",fork",
                "UNIX-CONNECT:/var/run/docker.sock")).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
        return socat;
    }

    /**
     * Hangs the engine as a dockerd stuck on a lock would: every connection stays open, the event stream too, and
     * nothing answers. The listening socat first, so that it forks no new connection meanwhile.
     */
    static void freeze(Process socat) {
        signal(socat, "-STOP");
    }

    static void thaw(Process socat) {
        signal(socat, "-CONT");
    }

    private static void signal(Process socat, String signal) {
        List<String> kill = new ArrayList<>(List.of("kill", signal, String.valueOf(socat.pid())));
        socat.descendants().forEach(child -> kill.add(String.valueOf(child.pid())));
        Lab.run(kill);
    }

    /** Cuts the engine off: socat and the children it forked for the connections already open. */
    static void cut(Process socat) throws InterruptedException {
        socat.descendants().forEach(ProcessHandle::destroyForcibly);
        socat.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }
}
