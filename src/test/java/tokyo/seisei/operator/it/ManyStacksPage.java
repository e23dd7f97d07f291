package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import tokyo.seisei.operator.model.Phase;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/**
 * The status page of a host with many stacks: their status files written straight into a state dir (as the
 * operator writes them), then the page opened and timed in a real browser. Shared by {@code StatusPageIT} and
 * {@code make bench}; it measures, it asserts nothing about time.
 */
public final class ManyStacksPage {

    /** One load of the page: as the test saw it, and as the browser measured it from the start of the navigation. */
    public record Load(long shownMillis, double receivedMillis, double builtMillis, double paintedMillis) {

        String text() {
            return String.format("%d ms until the test saw every row (in the browser: page received at %.0f ms, "
                    + "rows built at %.0f ms, painted at %.0f ms)", shownMillis, receivedMillis, builtMillis, paintedMillis);
        }
    }

    /**
     * @param first     the first load, on a daemon that has served nothing yet
     * @param again     a reload
     * @param htmlBytes the size of the page, every status included
     * @param filterMillis from a stack's name put into the filter to that row alone being shown, the page's wait for
     *                  the typing to stop included
     */
    public record Measured(int stacks, Load first, Load again, long htmlBytes, double filterMillis) {

        public String benchLine() {
            return String.format("bench: status page with %d stacks (%d KiB): first load: %s; reload: %s; filter to one: %.0f ms",
                    stacks, htmlBytes / 1024, first.text(), again.text(), filterMillis);
        }
    }

    private ManyStacksPage() {
    }

    /**
     * Writes {@code count} statuses named {@code prefix-000...}: mostly Ready, some Degraded, Paused, Blocked; every
     * 40th from the third has a backup verification, the newest (the third's) failed.
     */
    public static void write(Path stateDir, String prefix, int count) {
        StatusStore statuses = new StatusStore(new StateLayout(stateDir));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < count; i++) {
            String stack = name(prefix, i);
            Phase phase = i % 29 == 7 ? Phase.Blocked : i % 13 == 5 ? Phase.Paused : i % 7 == 3 ? Phase.Degraded : Phase.Ready;
            String since = now.minus(i * 7L, ChronoUnit.MINUTES).toString();
            String current = "sha-" + String.format("%07x", 0x1a2b3c4 + i);
            String desired = phase == Phase.Degraded ? "sha-nohealth" : current;
            String reason = switch (phase) {
                case Degraded -> "SmokeFailed";
                case Paused -> "Suspended";
                case Blocked -> "InvalidSpec";
                default -> "Converged";
            };
            String message = switch (phase) {
                case Degraded -> "smoke failed: http http://127.0.0.1:18069/health answered 404, expected 200; rolled back to " + current;
                case Paused -> "paused by akiko since " + since + ": restoring the database by hand";
                case Blocked -> "desired-state/" + stack + ".yaml:10:15: unknown field 'imagee' in spec.services.web";
                default -> "1 service(s) running";
            };
            statuses.write(new StackStatus(stack, i % 2 == 0 ? "prod" : "staging", phase, since, message, desired, current,
                    "sha256:" + String.format("%016x", i), null, phase == Phase.Degraded ? desired : null, current, null, null,
                    List.of(new StackStatus.Condition("Ready", phase == Phase.Ready ? "True" : "False", reason, message, since)),
                    List.of(new StackStatus.ServiceStatus("web", stack + "-web", String.format("%064x", i),
                            Lab.APP + ":" + current, Lab.APP + "@sha256:" + String.format("%064x", i * 31L), "running", "healthy")),
                    new StackStatus.Operation("deploy", current, "success", "sha256:" + String.format("%016x", i), "", since),
                    i % 40 == 2 ? new StackStatus.VerifiedBackup(now.toString().replace(":", "").replace("-", "") + "-" + stack,
                            now.minus(i, ChronoUnit.MINUTES).toString(), i != 2) : null, since));
        }
    }

    public static String name(String prefix, int i) {
        return prefix + "-" + String.format("%03d", i);
    }

    /** Opens the page and times it, twice, then the filter; the browser is left on the page, the filter empty. */
    public static Measured measure(Browser browser, RunningDaemon daemon, String prefix, int count) {
        Load first = load(browser, daemon, prefix, count);
        Load again = load(browser, daemon, prefix, count);
        long bytes = ((Number) browser.js("return performance.getEntriesByType('navigation')[0].decodedBodySize")).longValue();
        String one = name(prefix, count - 1);
        double filter = ((Number) browser.driver.executeAsyncScript("""
                const name = arguments[0], done = arguments[arguments.length - 1];
                const input = document.getElementById('filter');
                const started = performance.now();
                input.value = name;
                input.dispatchEvent(new Event('input'));
                const look = () => {
                  const shown = [...document.querySelectorAll('#stacks details')].filter(d => !d.hidden);
                  if (shown.length === 1 && shown[0].dataset.stack === name) done(performance.now() - started);
                  else requestAnimationFrame(look);
                };
                look();
                """, one)).doubleValue();
        browser.js("const input = document.getElementById('filter'); input.value = ''; input.dispatchEvent(new Event('input'))");
        String shownRows = "return [...document.querySelectorAll('#stacks details')].filter(d => !d.hidden).length";
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) browser.js(shownRows)).intValue() >= count);
        return new Measured(count, first, again, bytes, filter);
    }

    private static Load load(Browser browser, RunningDaemon daemon, String prefix, int count) {
        String rowsOfPrefix = "return document.querySelectorAll('#stacks details[data-stack^=\"' + arguments[0] + '-\"]').length";
        browser.driver.get("about:blank");
        long started = System.nanoTime();
        browser.driver.get(daemon.url("/"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> ((Number) browser.js(rowsOfPrefix, prefix)).intValue() == count);
        long shown = (System.nanoTime() - started) / 1_000_000;
        double built = ((Number) browser.js("return performance.getEntriesByName('stacks-rendered')[0].startTime")).doubleValue();
        double received = ((Number) browser.js("return performance.getEntriesByType('navigation')[0].responseEnd")).doubleValue();
        await().atMost(Duration.ofSeconds(30)).until(() -> (Boolean) browser.js(
                "return performance.getEntriesByName('stacks-painted').length > 0"));
        double painted = ((Number) browser.js("return performance.getEntriesByName('stacks-painted')[0].startTime")).doubleValue();
        return new Load(shown, received, built, painted);
    }
}
