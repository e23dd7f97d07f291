package tokyo.seisei.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tokyo.seisei.operator.source.GitUpstream.shortSha;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tokyo.seisei.operator.source.GitUpstream;

/**
 * The status page ({@code GET /} of the daemon) as a person sees it in a real headless Chromium, on the packaged
 * daemon and the lab's engine: every stack listed, changes shown as they happen without a reload, a failed
 * deploy and why, changes only with the API token, a lost connection told and recovered, 300 stacks, and Chinese.
 *
 * <p>Screenshots land in {@code target/status-page/}; with {@code -Dstatus-page.docs-screenshot=true} the desktop
 * one also replaces {@code docs/status-page.png}.
 */
class StatusPageIT {

    static final Path SHOTS = Path.of("target", "status-page");
    static final Duration DEPLOY = Duration.ofSeconds(120);

    @TempDir
    Path root;

    /** This test's stacks share it: the filter finds them among whatever else the lab's engine runs. */
    final String prefix = Lab.uniqueStack("page");
    final String web = prefix + "-web";
    final String shop = prefix + "-shop";
    final int webPort = Lab.freePort();
    final int shopPort = Lab.freePort();
    RunningDaemon daemon;
    Browser browser;

    @AfterEach
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (daemon != null) {
                daemon.close();
            }
            Lab.cleanUp(web, shop);
        }
    }

    /** The lab app with a smoke on /health: a version without health fails it. */
    String smokedShop(String version, String timeout) {
        return StackFixtures.app(shop, version, shopPort) + """
                  smoke:
                    timeout: %s
                    interval: 1s
                    checks:
                      - http: http://127.0.0.1:%d/health
                        expectBody: ok
                """.formatted(timeout, shopPort);
    }

    /** The daemon with two small app stacks it deployed, and the page open in a desktop browser. */
    void startWithTwoStacks() {
        daemon = new RunningDaemon(root);
        Lab.write(daemon.desiredStateDir, web, StackFixtures.app(web, "sha-1a2b3c4", webPort));
        Lab.write(daemon.desiredStateDir, shop, smokedShop("sha-1a2b3c4", "30s"));
        daemon.start();
        browser = Browser.desktop();
        browser.driver.get(daemon.url("/"));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertEquals("Live", text(By.id("live"))));
    }

    private String text(By by) {
        return browser.driver.findElement(by).getText().strip();
    }

    /** The text a person sees in one cell of a stack's row: stack, phase, desired, current, verified, why, lastOperation. */
    private String cell(String stack, String column) {
        return text(By.cssSelector("details[data-stack='" + stack + "'] > summary .c-" + column));
    }

    private String phase(String stack) {
        return text(By.cssSelector("details[data-stack='" + stack + "'] > summary .c-phase .phase"));
    }

    /** The number the host strip shows beside a phase. */
    private int count(String phase) {
        String chip = text(By.cssSelector("#counts button[data-phase='" + phase + "']"));
        assertTrue(chip.startsWith(phase), chip);
        return Integer.parseInt(chip.substring(phase.length()).strip());
    }

    private WebElement summary(String stack) {
        return browser.driver.findElement(By.cssSelector("details[data-stack='" + stack + "'] > summary"));
    }

    private List<String> buttons(String stack) {
        return browser.driver.findElements(By.cssSelector("details[data-stack='" + stack + "'] button[data-action]")).stream()
                .filter(WebElement::isDisplayed).map(WebElement::getText).toList();
    }

    /** Marks the document: a reload or any navigation loses the mark. */
    private void markDocument() {
        browser.js("window.sameDocument = 'yes'");
    }

    private void assertSameDocument() {
        assertEquals("yes", browser.js("return window.sameDocument || 'reloaded'"), "no navigation happened");
    }

    private static String within(String text, String expected) {
        assertTrue(text.contains(expected), "'" + expected + "' in: " + text);
        return text;
    }

    @Test
    void everyStackIsListedAndAVersionChangeShowsWithoutAReload() throws IOException {
        startWithTwoStacks();
        for (String stack : List.of(web, shop)) {
            await().atMost(DEPLOY).ignoreExceptions().untilAsserted(() -> assertEquals("Ready", phase(stack)));
            within(cell(stack, "stack"), stack);
            within(cell(stack, "stack"), "staging");
            assertEquals("sha-1a2b3c4", cell(stack, "desired"));
            assertEquals("sha-1a2b3c4", cell(stack, "current"));
            assertEquals("sha-1a2b3c4", cell(stack, "verified"));
            within(cell(stack, "lastOperation"), "deploy sha-1a2b3c4 success");
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            within(text(By.id("engine")), "reachable");
            assertFalse(text(By.id("pass")).contains("none yet"), text(By.id("pass")));
            within(text(By.id("pass")), "took");
            assertTrue(count("Ready") >= 2, "the host's other stacks may be counted too: " + text(By.id("counts")));
        });
        assertFalse(browser.driver.findElement(By.id("source-fact")).isDisplayed(), "a plain folder: nothing of git");
        assertTrue(browser.driver.findElements(By.cssSelector("#stacks .commit")).isEmpty(), "no commit without git");

        markDocument();
        // every state the row shows from now on, as a person watching it would see them one after the other
        browser.js("""
                const stack = arguments[0];
                window.seen = [];
                const look = () => {
                  const row = document.querySelector('details[data-stack="' + stack + '"]');
                  if (!row) return;
                  const now = row.querySelector('.c-phase .phase').textContent + ' ' + row.querySelector('.c-current').textContent;
                  if (window.seen[window.seen.length - 1] !== now) window.seen.push(now);
                };
                look();
                new MutationObserver(look).observe(document.getElementById('stacks'),
                    {subtree: true, childList: true, characterData: true, attributes: true});
                """, web);
        Lab.write(daemon.desiredStateDir, web, StackFixtures.app(web, "sha-2b3c4d5", webPort));

        await().atMost(DEPLOY).ignoreExceptions().untilAsserted(() -> {
            assertEquals("Ready", phase(web));
            assertEquals("sha-2b3c4d5", cell(web, "current"));
        });
        List<String> seen = browser.js("return window.seen");
        assertEquals("Ready sha-1a2b3c4", seen.get(0), seen.toString());
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("Progressing ")), "Progressing was shown on the way: " + seen);
        assertEquals("Ready sha-2b3c4d5", seen.get(seen.size() - 1), seen.toString());
        assertTrue(seen.indexOf(seen.stream().filter(s -> s.startsWith("Progressing ")).findFirst().orElseThrow())
                < seen.size() - 1, seen.toString());
        assertEquals("sha-2b3c4d5", cell(web, "desired"));
        assertEquals("sha-2b3c4d5", cell(web, "verified"));
        within(cell(web, "lastOperation"), "deploy sha-2b3c4d5 success");
        assertEquals("Ready", phase(shop), "the other stack is untouched");
        assertSameDocument();
        assertEquals("200 sha-2b3c4d5", Lab.get(webPort, "/version"), "the page tells what runs");
    }

    @Test
    void aFailedDeployShowsDegradedAndWhy() throws IOException {
        startWithTwoStacks();
        await().atMost(DEPLOY).ignoreExceptions().untilAsserted(() -> assertEquals("Ready", phase(shop)));
        markDocument();
        Lab.write(daemon.desiredStateDir, shop, smokedShop("sha-nohealth", "4s"));

        await().atMost(DEPLOY).ignoreExceptions().untilAsserted(() -> assertEquals("Degraded", phase(shop)));
        String why = cell(shop, "why");
        within(why, "SmokeFailed");
        within(why, "smoke failed");
        within(why, "rolled back to sha-1a2b3c4");
        within(cell(shop, "desired"), "sha-nohealth");
        within(cell(shop, "desired"), "failed");
        assertEquals("sha-1a2b3c4", cell(shop, "current"));
        assertEquals("sha-1a2b3c4", cell(shop, "verified"));
        within(cell(shop, "lastOperation"), "rollback sha-1a2b3c4 success");
        await().ignoreExceptions().untilAsserted(() -> assertTrue(count("Degraded") >= 1, text(By.id("counts"))));

        // the keyboard opens a row: its services, its history, its events
        WebElement row = summary(shop);
        row.sendKeys(Keys.ENTER);
        assertEquals(Boolean.TRUE, browser.js("return document.activeElement === arguments[0] && arguments[0].parentElement.open", row));
        String more = "details[data-stack='" + shop + "'] .more";
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            String expanded = text(By.cssSelector(more));
            within(expanded, shop + "-web");
            within(expanded, "localhost:5000/lab/app:sha-1a2b3c4");
            within(expanded, "sha256:");
            within(expanded, "running");
            within(expanded, "deploy sha-nohealth fail");
            within(expanded, "rollback sha-1a2b3c4 success");
            within(expanded, "Progressing → Degraded");
            // what the failed version's container wrote, as failed/<stack>/web.log keeps it
            within(expanded, "Saved log of the failed version sha-nohealth");
            within(expanded, "lab app sha-nohealth");
        });
        String saved = Files.readString(daemon.stateDir.resolve("failed").resolve(shop).resolve("web.log")).strip();
        assertEquals(saved, text(By.cssSelector(more + " .failed-log pre")));
        assertSameDocument();

        browser.driver.findElement(By.id("filter")).sendKeys(prefix);
        await().ignoreExceptions().untilAsserted(() -> assertEquals("2 of", text(By.id("shown")).substring(0, 4)));
        browser.js("document.activeElement.blur()");
        browser.screenshot(SHOTS.resolve("desktop.png"), 1280, 1400);
        if (Boolean.getBoolean("status-page.docs-screenshot")) {
            Files.copy(SHOTS.resolve("desktop.png"), Path.of("docs", "status-page.png"), StandardCopyOption.REPLACE_EXISTING);
        }
        browser.screenshot(SHOTS.resolve("phone.png"), 390, 2400);
        browser.colorScheme("dark");
        browser.screenshot(SHOTS.resolve("desktop-dark.png"), 1280, 1400);
    }

    @Test
    void aGitSourceNamesEachStacksCommitAndTheRepositoryInTheStrip() throws IOException {
        try (GitUpstream upstream = new GitUpstream(root.resolve("remote"))) {
            upstream.write("desired-state/" + web + ".yaml", StackFixtures.app(web, "sha-1a2b3c4", webPort));
            String first = upstream.commitAll("Add the web stack");
            daemon = new RunningDaemon(root).with("OPERATOR_GIT_URL", upstream.url()).with("OPERATOR_GIT_POLL_INTERVAL", "1s").start();
            browser = Browser.desktop();
            browser.driver.get(daemon.url("/"));
            await().atMost(DEPLOY).ignoreExceptions().untilAsserted(() -> {
                assertEquals("Ready", phase(web));
                within(cell(web, "stack"), "commit " + shortSha(first));
            });
            String title = browser.driver.findElement(By.cssSelector("details[data-stack='" + web + "'] > summary .commit"))
                    .getAttribute("title");
            within(title, "Add the web stack");
            within(title, GitUpstream.AUTHOR + " <" + GitUpstream.EMAIL + ">");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                within(text(By.id("source")), shortSha(first));
                within(text(By.id("source")), "reachable");
            });

            // a new commit: the row and the strip follow it without a reload
            markDocument();
            String second = upstream.commit(web, StackFixtures.app(web, "sha-2b3c4d5", webPort), "web to sha-2b3c4d5");
            await().atMost(DEPLOY).ignoreExceptions().untilAsserted(() -> {
                assertEquals("sha-2b3c4d5", cell(web, "current"));
                within(cell(web, "stack"), "commit " + shortSha(second));
                within(text(By.id("source")), shortSha(second));
            });
            summary(web).click();
            await().ignoreExceptions().untilAsserted(() -> within(text(By.cssSelector("details[data-stack='" + web + "'] .more")),
                    second + " web to sha-2b3c4d5 — " + GitUpstream.AUTHOR));

            // the repository gone: the strip says so, the stack keeps its commit
            upstream.goAway();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                within(text(By.id("source")), "unreachable");
                within(text(By.id("source")), shortSha(second));
            });
            assertEquals("200 sha-2b3c4d5", Lab.get(webPort, "/version"));
            assertSameDocument();
            browser.screenshot(SHOTS.resolve("git-desktop.png"), 1280, 900);
            upstream.comeBack();
        }
    }

    @Test
    void withoutTheTokenThereIsNoButtonWithItPauseWorks() {
        startWithTwoStacks();
        await().atMost(DEPLOY).ignoreExceptions().untilAsserted(() -> assertEquals("Ready", phase(web)));
        summary(web).click();
        String more = "details[data-stack='" + web + "'] .more";
        await().ignoreExceptions().untilAsserted(() -> within(text(By.cssSelector(more)), "deploy sha-1a2b3c4 success"));
        assertEquals("Read-only", text(By.id("mode")));
        assertTrue(browser.driver.findElements(By.cssSelector("button[data-action]")).isEmpty(), "no button without the token");

        browser.driver.findElement(By.id("token-open")).click();
        WebElement input = browser.driver.findElement(By.id("token-input"));
        input.sendKeys(daemon.token() + "x", Keys.ENTER);
        await().ignoreExceptions().untilAsserted(() -> assertEquals("The daemon refused this token.", text(By.id("token-error"))));
        assertEquals("Read-only", text(By.id("mode")));
        assertTrue(browser.driver.findElements(By.cssSelector("button[data-action]")).isEmpty(), "a wrong token shows no button");

        input.clear();
        input.sendKeys(daemon.token(), Keys.ENTER);
        await().ignoreExceptions().untilAsserted(() -> assertEquals("Actions enabled", text(By.id("mode"))));
        assertFalse(browser.driver.findElement(By.id("token-error")).isDisplayed());
        assertEquals(List.of("Pause", "Reconcile now"), buttons(web));

        browser.driver.findElement(By.cssSelector("details[data-stack='" + web + "'] button[data-action='pause']")).click();
        WebElement dialog = browser.driver.findElement(By.id("ask"));
        assertTrue(dialog.isDisplayed());
        within(text(By.id("ask-text")), "Pause " + web + "?");
        browser.driver.findElement(By.id("ask-ok")).click();
        assertTrue(dialog.isDisplayed(), "a pause without a reason is not sent");
        assertEquals("Ready", phase(web));
        browser.driver.findElement(By.id("ask-reason")).sendKeys("swapping a disk");
        browser.driver.findElement(By.id("ask-ok")).click();

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertEquals("Paused", phase(web));
            within(cell(web, "why"), "swapping a disk");
            assertEquals(List.of("Resume", "Reconcile now"), buttons(web));
        });
        within(text(By.id("notice")), web + " is paused.");
        assertEquals("Ready", phase(shop));

        browser.driver.navigate().refresh();
        await().ignoreExceptions().untilAsserted(() -> assertEquals("Actions enabled", text(By.id("mode"))));
        assertEquals("Paused", phase(web), "the pause is the daemon's, not the page's");
    }

    @Test
    void diskPressureShowsInTheHostStrip() {
        daemon = new RunningDaemon(root).with("OPERATOR_PREFLIGHT_MIN_FREE_DISK_PERCENT", "100").start();
        browser = Browser.desktop();
        browser.driver.get(daemon.url("/"));

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            String disk = text(By.id("disk"));
            assertTrue(disk.startsWith("DiskPressure · ") && disk.endsWith("(operator.preflight.min-free-disk-percent)"), disk);
        });
    }

    @Test
    void aLostConnectionIsToldAndWhatChangedMeanwhileShowsOnceBack() {
        daemon = new RunningDaemon(root).start();
        browser = Browser.desktop();
        browser.driver.get(daemon.url("/"));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertEquals("Live", text(By.id("live"))));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> assertEquals("enough free space", text(By.id("disk"))));
        markDocument();

        daemon.stop();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> assertEquals("Connection lost — reconnecting…", text(By.id("live"))));
        String batch = Lab.uniqueStack("back");
        ManyStacksPage.write(daemon.stateDir, batch, 1); // what changed while the page could not hear of it
        daemon.start();

        String stack = ManyStacksPage.name(batch, 0);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            assertEquals("Live", text(By.id("live")));
            assertEquals("Ready", phase(stack));
        });
        assertSameDocument();
    }

    @Test
    void threeHundredStacksAndChinese() {
        int count = 300;
        String batch = Lab.uniqueStack("many");
        daemon = new RunningDaemon(root);
        ManyStacksPage.write(daemon.stateDir, batch, count);
        daemon.start();
        browser = Browser.desktop();

        ManyStacksPage.Measured measured = ManyStacksPage.measure(browser, daemon, batch, count);
        System.out.println(measured.benchLine());
        String last = ManyStacksPage.name(batch, count - 1);
        browser.driver.findElement(By.id("filter")).sendKeys(last);
        await().ignoreExceptions().untilAsserted(() -> assertEquals("1 of", text(By.id("shown")).substring(0, 4)));
        assertEquals("Ready", phase(last));
        browser.driver.findElement(By.id("filter")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        await().ignoreExceptions().untilAsserted(() -> assertFalse(text(By.id("shown")).startsWith("1 of")));
        // rows of the lab's other stacks (orphans seen by this daemon) may be listed too: count only ours
        Long degraded = browser.js("return document.querySelectorAll('#stacks details[data-stack^=\"' + arguments[0] + '-\"]"
                + "[data-phase=\"Degraded\"]').length", batch);
        assertTrue(degraded > 0);
        // the newest backup verification of any stack, failed here
        String backup = text(By.id("backup"));
        within(backup, "failed");
        within(backup, ManyStacksPage.name(batch, 2));

        browser.driver.findElement(By.cssSelector("#sort option[value='phase']")).click();
        await().ignoreExceptions().untilAsserted(() -> assertEquals("Degraded",
                text(By.cssSelector("#stacks details:not([hidden]) > summary .c-phase .phase"))));
        browser.driver.findElement(By.cssSelector("#counts button[data-phase='Paused']")).click();
        await().ignoreExceptions().untilAsserted(() -> assertEquals(List.of("Paused"), browser.js(
                "return [...new Set([...document.querySelectorAll('#stacks details')].filter(d => !d.hidden)"
                        + ".map(d => d.querySelector('.c-phase .phase').textContent))]")));
        browser.driver.findElement(By.cssSelector("#counts button[data-phase='Paused']")).click();
        browser.screenshot(SHOTS.resolve("300-desktop.png"), 1280, 1400);

        try (Browser chinese = Browser.open(390, 844, "zh-CN,zh")) {
            chinese.driver.get(daemon.url("/"));
            assertEquals("zh", chinese.js("return document.documentElement.lang"));
            assertEquals("本主机上的堆栈", chinese.driver.findElement(By.cssSelector("h1")).getText().split(" ")[0]);
            assertEquals("筛选", chinese.driver.findElement(By.cssSelector("label[for='filter']")).getText());
            String paused = ManyStacksPage.name(batch, 5);
            await().ignoreExceptions().untilAsserted(() -> assertEquals("已暂停", chinese.driver.findElement(
                    By.cssSelector("details[data-stack='" + paused + "'] .c-phase .phase")).getText()));
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .untilAsserted(() -> assertEquals("实时", chinese.driver.findElement(By.id("live")).getText()));
            chinese.screenshot(SHOTS.resolve("phone-zh.png"), 390, 1800);
        }
    }
}
