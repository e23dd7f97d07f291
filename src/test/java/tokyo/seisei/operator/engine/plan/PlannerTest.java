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
    void aRecreateNamesTheFieldsThatChangedButNotTheirValues() throws IOException {
        DesiredStack old = render(Fixtures.SHOP);
        DesiredStack next = render(Fixtures.SHOP.replace("GREETING=${GREETING:-hello}", "GREETING=bonjour")
                .replace("127.0.0.1:18069:8080", "127.0.0.1:18070:8080"));
        StackPlan plan = planner.plan(next, old.services().stream().map(s -> running(s, "running")).toList());

        assertEquals("environment, ports changed", plan.actions().get(1).why());
        assertEquals(StackPlan.Kind.NONE, plan.actions().get(0).kind());
        assertTrue(!plan.describe().contains("bonjour"), plan.describe());
    }

    @Test
    void aContainerMadeBeforeTheFieldDigestsSaysOnlyThatItsSpecChanged() throws IOException {
        DesiredStack old = render(Fixtures.SHOP);
        DesiredStack next = render(Fixtures.SHOP.replace("GREETING=${GREETING:-hello}", "GREETING=bonjour"));
        List<ContainerSummary> before = old.services().stream().map(s -> running(s, "running"))
                .map(c -> {
                    Map<String, String> labels = new java.util.HashMap<>(c.labels());
                    labels.remove(ContainerLabels.SPEC_FIELDS);
                    return new ContainerSummary(c.id(), c.name(), c.image(), c.imageId(), c.state(), c.status(), labels);
                }).toList();

        assertEquals("spec changed", planner.plan(next, before).actions().get(1).why());
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

    @Test
    void composeContainersOfTheProjectAreAdoptedOrLeftAlone() throws IOException {
        DesiredStack stack = render(Fixtures.SHOP);
        ContainerSummary db = compose("shop_db_1", "db", "localhost:5000/lab/postgres:15", "running");
        ContainerSummary web = compose("shop-web", "web", "localhost:5000/seisei/odoo:sha-1a2b3c4", "running");
        ContainerSummary worker = compose("shop_worker_1", "worker", "x:1", "running");
        ContainerSummary keptWeb = compose("shop-web-previous-20260101000000", "web", "x:0", "exited");
        StackPlan plan = planner.plan(stack, List.of(db, web, worker, keptWeb));
        assertEquals(List.of("db:ADOPT", "web:ADOPT"), plan.actions().stream()
                .map(a -> a.service().name() + ":" + a.kind()).toList());
        assertEquals("compose container shop-web, image localhost:5000/seisei/odoo:sha-1a2b3c4 -> "
                + "localhost:5000/seisei/odoo:sha-19b9b98", plan.actions().get(1).why());
        assertEquals(List.of(worker), plan.takeover().leftAlone());
        assertEquals(List.of(), plan.undeclared(), "Compose's containers are never pruned");
        assertEquals("sha-1a2b3c4", ComposeTakeover.versionOf(stack, plan.adoptions()));
        assertEquals(List.of(keptWeb), KeptContainers.of(List.of(db, web, worker, keptWeb), "web"));

        // once the operator runs the stack, Compose's remaining containers are only reported
        StackPlan after = planner.plan(stack, List.of(running(stack.service("db"), "running"),
                running(stack.service("web"), "running"), worker, keptWeb));
        assertTrue(after.changesNothing());
        assertEquals(List.of(worker), after.takeover().leftAlone());
    }

    /** A container docker compose made: its labels only, none of the operator's. */
    private static ContainerSummary compose(String name, String service, String image, String state) {
        return new ContainerSummary("id-" + name, name, image, "sha256:x", state, "Up",
                Map.of(ContainerLabels.COMPOSE_PROJECT, "shop", ContainerLabels.COMPOSE_SERVICE, service,
                        ContainerLabels.COMPOSE_ONEOFF, "False"));
    }
}
