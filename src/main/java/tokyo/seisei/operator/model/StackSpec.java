package tokyo.seisei.operator.model;

import java.util.List;
import java.util.Map;

/**
 * What a stack should be. Service definitions follow the Compose specification, so a service block of a
 * docker-compose.yml pastes in.
 *
 * @param environment staging | prod
 * @param version     the release; {@code ${VERSION}} in any service string is replaced by it
 * @param services    by service name, in file order
 * @param networks    top-level networks; {@code external: true} ones must exist, others are created
 * @param volumes     top-level named volumes; {@code external: true} ones must exist, others are created
 * @param prune       remove containers of services that are no longer declared (default false: report)
 * @param smoke       the checks a deploy must pass; without it, the containers must run and be healthy
 * @param backup      what to save before anything is replaced
 * @param paused      true: the operator changes nothing of this stack, not even drift, until it is false again
 * @param promotion   for prod: the stack whose verified versions this one may take
 * @param force       an emergency deploy that skips the promotion gate, reviewed in git like any change
 * @param dependsOn   stacks that must be Ready before this one is deployed (the edge proxy, a shared database)
 */
public record StackSpec(
        String environment,
        String version,
        Map<String, Service> services,
        Map<String, NetworkDeclaration> networks,
        Map<String, VolumeDeclaration> volumes,
        Boolean prune,
        SmokeSpec smoke,
        BackupSpec backup,
        Boolean paused,
        Promotion promotion,
        Force force,
        List<String> dependsOn) {

    public static final String STAGING = "staging";
    public static final String PROD = "prod";

    public List<String> dependsOn() {
        return dependsOn == null ? List.of() : dependsOn;
    }

    public Map<String, Service> services() {
        return services == null ? Map.of() : services;
    }

    public Map<String, NetworkDeclaration> networks() {
        return networks == null ? Map.of() : networks;
    }

    public Map<String, VolumeDeclaration> volumes() {
        return volumes == null ? Map.of() : volumes;
    }

    /** True when a service reads an env_file: a file apart from the stack's own, which may change on its own. */
    public boolean readsEnvFiles() {
        return services().values().stream().anyMatch(s -> s != null && !s.envFile().isEmpty());
    }

    public boolean pausedInGit() {
        return Boolean.TRUE.equals(paused);
    }

    public boolean pruneEnabled() {
        return Boolean.TRUE.equals(prune);
    }
}
