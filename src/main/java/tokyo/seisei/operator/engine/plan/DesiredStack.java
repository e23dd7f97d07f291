package tokyo.seisei.operator.engine.plan;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tokyo.seisei.operator.docker.ContainerSpec;
import tokyo.seisei.operator.docker.NetworkIpam;
import tokyo.seisei.operator.model.BackupSpec;
import tokyo.seisei.operator.model.Service;
import tokyo.seisei.operator.model.SmokeSpec;

/**
 * A valid stack file rendered into what the engine must run: container specs with their hashes, in
 * depends_on order, and the networks and volumes they need.
 *
 * @param backup spec.backup as written: what to save before anything that runs is replaced; null for nothing
 * @param smoke the stack's spec.smoke, or null when it has none (the containers must still run and be healthy)
 * @param secretValues the stack's secrets ({@code LoadedStack.secretValues}): masked in what its containers say
 *                     before it is quoted; never printed by {@link #toString()}
 */
public record DesiredStack(String name, String environment, String version, String revision,
                           List<DesiredService> services, List<Resource> networks, List<Resource> volumes,
                           boolean prune, BackupSpec backup, SmokeSpec smoke, Set<String> secretValues) {

    public DesiredStack {
        secretValues = secretValues == null ? Set.of() : Set.copyOf(secretValues);
    }

    public DesiredStack(String name, String environment, String version, String revision, List<DesiredService> services,
                        List<Resource> networks, List<Resource> volumes, boolean prune, BackupSpec backup, SmokeSpec smoke) {
        this(name, environment, version, revision, services, networks, volumes, prune, backup, smoke, Set.of());
    }

    /** As a record prints itself, the secret values left out. */
    @Override
    public String toString() {
        return "DesiredStack[name=" + name + ", environment=" + environment + ", version=" + version + ", revision="
                + revision + ", services=" + services + ", networks=" + networks + ", volumes=" + volumes + ", prune="
                + prune + ", backup=" + backup + ", smoke=" + smoke + "]";
    }

    /** @param hash digest of the normalised spec; a change of it means the container must be recreated */
    public record DesiredService(String name, ContainerSpec spec, String hash, Map<String, Service.Dependency> dependsOn) {
    }

    /**
     * A network or volume by its engine name; external ones must exist, the others are created.
     *
     * @param ipam a network's declared subnets; null for a volume, and for a network that takes one of the pool
     */
    public record Resource(String name, boolean external, NetworkIpam ipam) {

        public Resource(String name, boolean external) {
            this(name, external, null);
        }
    }

    /** A stack known by its name alone, when its desired state cannot be rendered. */
    public static DesiredStack named(String name) {
        return new DesiredStack(name, null, null, null, List.of(), List.of(), List.of(), false, null, null);
    }

    /**
     * Only the services named, each under the container name it runs with, and no smoke of its own: what a smoke
     * of the containers alone checks (e.g. those put back by a rollback, which may bear another version's names).
     */
    public DesiredStack containersOnly(java.util.Map<String, String> containerNameByService) {
        return new DesiredStack(name, environment, version, revision, services.stream()
                .filter(s -> containerNameByService.containsKey(s.name()))
                .map(s -> new DesiredService(s.name(), s.spec().named(containerNameByService.get(s.name())), s.hash(),
                        s.dependsOn())).toList(),
                networks, volumes, prune, backup, null, secretValues);
    }

    public DesiredService service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** Every service that depends on this one, directly or through others. */
    public Set<String> dependentsOf(String service) {
        Set<String> found = new LinkedHashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (DesiredService s : services) {
                boolean dependsOnFound = s.dependsOn().keySet().stream().anyMatch(d -> d.equals(service) || found.contains(d));
                if (dependsOnFound && found.add(s.name())) {
                    grew = true;
                }
            }
        }
        return found;
    }
}
