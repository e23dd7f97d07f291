package tokyo.seisei.operator.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tokyo.seisei.operator.model.PortSpec;
import tokyo.seisei.operator.model.Service;

/**
 * Rules that span stacks: one host port, one container name, each for one stack only. The stack whose
 * name sorts first keeps it; every later claim is an error of the later file, naming the first.
 */
final class CrossStackChecks {

    private CrossStackChecks() {
    }

    static void apply(List<DesiredStateLoader.Draft> drafts) {
        Map<String, String> portOwners = new HashMap<>();
        Map<String, String> nameOwners = new HashMap<>();
        for (DesiredStateLoader.Draft draft : drafts) {
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
                    if (port.hostPort() == null) {
                        continue;
                    }
                    String owner = portOwners.putIfAbsent(port.hostKey(), draft.name());
                    if (owner != null && !owner.equals(draft.name())) {
                        draft.sink().error(at + ".ports[" + i + "]", at + ".ports[" + i + "]: host port "
                                + port.hostKey() + " is already published by stack " + owner);
                    }
                }
                String container = containerName(draft.name(), serviceName, service);
                String owner = nameOwners.putIfAbsent(container, draft.name());
                if (owner != null && !owner.equals(draft.name())) {
                    draft.sink().error(at, at + ": container name " + container + " is already used by stack " + owner);
                }
            });
        }
    }

    static String containerName(String stack, String serviceName, Service service) {
        return service.containerName() != null ? service.containerName() : stack + "-" + serviceName;
    }
}
