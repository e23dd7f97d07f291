package tokyo.seisei.operator.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tokyo.seisei.operator.model.PortSpec;
import tokyo.seisei.operator.model.StackName;
import tokyo.seisei.operator.model.StackSpec;

/**
 * Rules that span stacks: one host port, one container name, each for one stack only. The stack whose
 * name sorts first keeps it; every later claim is an error of the later file, naming the first.
 */
final class CrossStackChecks {

    private CrossStackChecks() {
    }

    static void apply(List<DesiredStateLoader.Draft> drafts) {
        checkPromotionSources(drafts);
        StackDependencies.check(drafts);
        List<Map.Entry<PortSpec, String>> portOwners = new ArrayList<>();
        Map<String, String> nameOwners = new HashMap<>();
        Map<String, Path> files = new HashMap<>();
        for (DesiredStateLoader.Draft draft : drafts) {
            Path first = files.putIfAbsent(draft.name(), draft.file());
            if (first != null) {
                draft.sink().error("", "stack " + draft.name() + " is also defined by " + first + ": keep one file per stack");
                drafts.stream().filter(d -> d.file().equals(first)).findFirst().ifPresent(d -> d.sink().error("",
                        "stack " + draft.name() + " is also defined by " + draft.file() + ": keep one file per stack"));
            }
            if (draft.document() == null || draft.document().spec() == null) {
                continue;
            }
            draft.document().spec().services().forEach((serviceName, service) -> {
                if (service == null) {
                    return;
                }
                String at = "spec.services." + serviceName;
                List<PortSpec> ports = service.ports();
                for (int i = 0; i < ports.size(); i++) {
                    PortSpec port = ports.get(i);
                    if (port == null || port.hostPort() == null) {
                        continue;
                    }
                    String owner = portOwners.stream().filter(e -> e.getKey().collidesWith(port))
                            .map(Map.Entry::getValue).filter(o -> !o.equals(draft.name())).findFirst().orElse(null);
                    if (owner != null) {
                        draft.sink().error(at + ".ports[" + i + "]", at + ".ports[" + i + "]: host port "
                                + port.hostKey() + " is already published by stack " + owner);
                    }
                    portOwners.add(Map.entry(port, draft.name()));
                }
                String container = service.containerNameIn(draft.name(), serviceName);
                String owner = nameOwners.putIfAbsent(container, draft.name());
                if (owner != null && !owner.equals(draft.name())) {
                    draft.sink().error(at, at + ": container name " + container + " is already used by stack " + owner);
                }
            });
        }
    }

    /** promotion.from must name another stack of the folder, one that is not itself prod. */
    private static void checkPromotionSources(List<DesiredStateLoader.Draft> drafts) {
        Map<String, String> environments = new HashMap<>();
        drafts.stream().filter(d -> d.document() != null && d.document().spec() != null)
                .forEach(d -> environments.put(d.name(), String.valueOf(d.document().spec().environment())));
        drafts.stream().filter(d -> d.document() != null && d.document().spec() != null)
                .filter(d -> d.document().spec().promotion() != null && StackName.isValid(d.document().spec().promotion().from()))
                .forEach(d -> {
                    String from = d.document().spec().promotion().from();
                    if (from.equals(d.name())) {
                        d.sink().error("spec.promotion.from", "spec.promotion.from names this stack itself");
                    } else if (!environments.containsKey(from) && !Files.exists(d.file().resolveSibling(from + ".yaml"))) {
                        d.sink().error("spec.promotion.from", "spec.promotion.from names stack '" + from
                                + "', which has no file in " + d.file().toAbsolutePath().getParent());
                    } else if (StackSpec.PROD.equals(environments.get(from))) {
                        d.sink().error("spec.promotion.from", "spec.promotion.from names stack '" + from
                                + "', which is itself prod: promote from a staging stack");
                    }
                });
    }
}
