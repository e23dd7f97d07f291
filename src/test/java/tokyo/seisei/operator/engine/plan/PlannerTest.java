package tokyo.seisei.operator.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.source.DesiredStateLoader;
import tokyo.seisei.operator.Fixtures;

class PlannerTest {

    @TempDir
    Path dir;

    private final Planner planner = new Planner();

    DesiredStack render(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("shop.yaml"), yaml);
        return new StackRenderer().render(new DesiredStateLoader(Map.of()).load(file));
    }

    static ContainerSummary running(DesiredStack.DesiredService service, String state) {
        return new ContainerSummary("id-" + service.name() + "-0123456789", service.spec().name(), service.spec().image(),
                "sha256:img", state, "Up", service.spec().labels());
    }

    @Test
    void emptyHostCreatesEverythingInDependencyOrder() throws IOException {
        StackPlan plan = planner.plan(render(Fixtures.SHOP), List.of());
        assertEquals(List.of("db:CREATE", "web:CREATE"), plan.actions().stream()
                .map(a -> a.service().name() + ":" + a.kind()).toList());
    }

    @Test
    void matchingRunningContainersChangeNothing() throws IOException {
        DesiredStack stack = render(Fixtures.SHOP);
        StackPlan plan = planner.plan(stack, stack.services().stream().map(s -> running(s, "running")).toList());
        assertTrue(plan.changesNothing());
    }

    @Test
    void versionBumpRecreatesOnlyTheServiceWhoseImageMoved() throws IOException {
        DesiredStack old = render(Fixtures.SHOP);
        DesiredStack next = render(Fixtures.SHOP.replace("sha-19b9b98", "sha-2b3c4d5"));
        StackPlan plan = planner.plan(next, old.services().stream().map(s -> running(s, "running")).toList());
        assertEquals(List.of("db:NONE", "web:RECREATE"), plan.actions().stream()
                .map(a -> a.service().name() + ":" + a.kind()).toList());
        assertEquals("image localhost:5000/seisei/odoo:sha-19b9b98 -> localhost:5000/seisei/odoo:sha-2b3c4d5",
                plan.actions().get(1).why());
    }

    @Test
    void stoppedContainerIsStartedAndAnUndeclaredOneIsReported() throws IOException {
        DesiredStack stack = render(Fixtures.SHOP);
        ContainerSummary stray = new ContainerSummary("id-stray-0123456789", "shop-cron", "x:1", "sha256:x", "running", "Up",
                Map.of(ContainerLabels.STACK, "shop", ContainerLabels.SERVICE, "cron"));
        StackPlan plan = planner.plan(stack, List.of(running(stack.service("db"), "exited"),
                running(stack.service("web"), "running"), stray));
        assertEquals(StackPlan.Kind.START, plan.actions().get(0).kind());
        assertEquals("container is exited", plan.actions().get(0).why());
        assertEquals(List.of(stray), plan.undeclared());
        assertTrue(plan.onlyHeals());
    }
}
