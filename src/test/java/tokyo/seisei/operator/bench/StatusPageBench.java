package tokyo.seisei.operator.bench;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.it.Browser;
import tokyo.seisei.operator.it.Lab;
import tokyo.seisei.operator.it.ManyStacksPage;
import tokyo.seisei.operator.it.RunningDaemon;

/**
 * {@code make bench}: the status page of a host with 300 stacks in headless Chromium, on the packaged daemon: how
 * long until every row shows, on the first load and on a reload, and how long the filter takes to narrow them to
 * one. Printed, never asserted.
 */
class StatusPageBench {

    static final int STACKS = 300;

    @TempDir
    Path root;

    @Test
    void threeHundredStacks() {
        String prefix = Lab.uniqueStack("bench");
        try (RunningDaemon daemon = new RunningDaemon(root)) {
            ManyStacksPage.write(daemon.stateDir, prefix, STACKS);
            daemon.start();
            try (Browser browser = Browser.desktop()) {
                System.out.println(ManyStacksPage.measure(browser, daemon, prefix, STACKS).benchLine());
            }
        }
    }
}
