package tokyo.seisei.operator.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.model.PortSpec;
import tokyo.seisei.operator.source.LoadedStack;

/**
 * What stacks share on the host: container names and published host ports. The files never let two stacks claim
 * one (the later file is invalid), but one commit can move a port or a name from a stack to another: the stack
 * that takes it over converges after the one that holds it now, so the engine never refuses the new claim while
 * the old one still stands.
 */
final class HostClaims {

    private HostClaims() {
    }

    /**
     * @param before  what each stack already waits for (promotion source, dependsOn); not changed
     * @param running the pass's containers by stack
     * @return for each stack, what it waits for: {@code before} and the stacks holding what it takes over
     */
    static Map<String, List<String>> withHandOvers(List<LoadedStack> stacks, Map<String, List<String>> before,
                                                   Map<String, List<ContainerSummary>> running) {
        Map<String, List<String>> waits = new LinkedHashMap<>();
        before.forEach((stack, needs) -> waits.put(stack, new ArrayList<>(needs)));
        // by claim, the stacks of the pass that hold it: one look-up per claim, not a comparison per pair of stacks
        Map<String, Set<String>> holders = new HashMap<>();
        for (LoadedStack stack : stacks) {
            held(running.getOrDefault(stack.name(), List.of()))
                    .forEach(claim -> holders.computeIfAbsent(claim, c -> new LinkedHashSet<>()).add(stack.name()));
        }
        for (LoadedStack taker : stacks) {
            Set<String> from = new LinkedHashSet<>();
            wanted(taker).forEach(claim -> from.addAll(holders.getOrDefault(claim, Set.of())));
            from.remove(taker.name());
            for (String holder : from) {
                // a swap (each holds what the other wants) cannot be ordered: the file order decides
                if (waits.containsKey(holder) && !reaches(waits, holder, taker.name())) {
                    waits.get(taker.name()).add(holder);
                }
            }
        }
        return waits;
    }

    /** The names and host ports the stack's file declares; none for a file that is not valid. */
    static Set<String> wanted(LoadedStack stack) {
        Set<String> claims = new HashSet<>();
        if (!stack.valid()) {
            return claims;
        }
        stack.document().spec().services().forEach((service, spec) -> {
            if (spec == null) {
                return;
            }
            claims.add(name(spec.containerNameIn(stack.name(), service)));
            for (PortSpec port : spec.ports()) {
                if (port != null && port.hostPort() != null) {
                    claims.add(port(port.hostPort() + "/" + port.protocol()));
                }
            }
        });
        return claims;
    }

    /** The names every container of the stack holds, and the host ports of those that run. */
    static Set<String> held(List<ContainerSummary> containers) {
        Set<String> claims = new HashSet<>();
        for (ContainerSummary container : containers) {
            claims.add(name(container.name()));
            container.publishedPorts().forEach(port -> claims.add(port(port)));
        }
        return claims;
    }

    private static String name(String container) {
        return "container name " + container;
    }

    private static String port(String port) {
        return "host port " + port;
    }

    /** True when {@code from} already waits for {@code to}, directly or through others. */
    private static boolean reaches(Map<String, List<String>> waits, String from, String to) {
        Deque<String> open = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>();
        while (!open.isEmpty()) {
            String stack = open.pop();
            if (stack.equals(to)) {
                return true;
            }
            if (seen.add(stack)) {
                open.addAll(waits.getOrDefault(stack, List.of()));
            }
        }
        return false;
    }
}
