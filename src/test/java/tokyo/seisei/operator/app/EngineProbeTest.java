package tokyo.seisei.operator.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.engine.MovableClock;

/** Readiness probes ask the engine one at a time, and never wait on one that hangs. */
@Timeout(20)
class EngineProbeTest {

    final MovableClock clock = new MovableClock("2026-12-02T08:00:00Z");
    final AtomicInteger requests = new AtomicInteger();

    @Test
    void anAnswerIsKeptAFewSecondsSoProbesCostTheEngineOneRequest() {
        EngineProbe probe = new EngineProbe(() -> "20.10." + requests.incrementAndGet(), clock);

        assertEquals("20.10.1", probe.answer().text());
        clock.advance(EngineProbe.FRESH.minusMillis(1));
        assertEquals("20.10.1", probe.answer().text());
        clock.advance(java.time.Duration.ofMillis(1));
        assertEquals("20.10.2", probe.answer().text());
        assertEquals(2, requests.get());
    }

    @Test
    void anEngineThatRefusesIsNotReadyAndSaysWhy() {
        EngineProbe probe = new EngineProbe(() -> {
            throw new DockerFailure(DockerFailure.Kind.UNREACHABLE, "Docker engine at unix:///var/run/docker.sock is not"
                    + " reachable: cannot read engine info: connection refused");
        }, clock);

        EngineProbe.Answer answer = probe.answer();

        assertFalse(answer.answered());
        assertTrue(answer.text().endsWith("connection refused"), answer.text());
    }

    @Test
    void probesDuringARequestThatHangsGetTheLastAnswerThenHowLongTheEngineHasNotAnswered() throws Exception {
        CountDownLatch hung = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(2);
        EngineProbe probe = new EngineProbe(() -> {
            int request = requests.incrementAndGet();
            asked.countDown();
            if (request == 2) {
                await(hung);
            }
            return "20.10.24";
        }, clock);
        assertTrue(probe.answer().answered());
        clock.advance(EngineProbe.FRESH);
        CompletableFuture<EngineProbe.Answer> waiting = CompletableFuture.supplyAsync(probe::answer);
        await(asked);

        assertEquals("20.10.24", probe.answer().text(), "within its patience, the last answer");
        clock.advance(EngineProbe.PATIENCE.plusSeconds(1));
        EngineProbe.Answer late = probe.answer();
        assertFalse(late.answered());
        assertEquals("the Docker engine has not answered for 6s", late.text());
        assertEquals(2, requests.get(), "no probe sent a request of its own");

        hung.countDown();
        assertTrue(waiting.get().answered());
        assertTrue(probe.answer().answered());
    }

    @Test
    void withNoAnswerYetAProbeDuringTheFirstRequestSaysForHowLongTheEngineHasNotAnswered() throws Exception {
        CountDownLatch hung = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(1);
        EngineProbe probe = new EngineProbe(() -> {
            asked.countDown();
            await(hung);
            return "20.10.24";
        }, clock);
        CompletableFuture<EngineProbe.Answer> waiting = CompletableFuture.supplyAsync(probe::answer);
        await(asked);
        clock.advance(java.time.Duration.ofSeconds(2));

        EngineProbe.Answer answer = probe.answer();

        assertFalse(answer.answered());
        assertEquals("the Docker engine has not answered for 2s", answer.text());
        hung.countDown();
        assertEquals("20.10.24", waiting.get().text());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
