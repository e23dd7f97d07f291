package tokyo.seisei.operator.app;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.ZoneId;
import tokyo.seisei.operator.model.Ipv4Subnet;
import tokyo.seisei.operator.source.GitSource;
import tokyo.seisei.operator.store.NetworkPool;

/** Settings that parse but cannot work stop the start, with one line that names the key and the rule. */
@Singleton
public class ConfigCheck {

    void check(@Observes StartupEvent start, OperatorConfig config) {
        check(config);
    }

    /** Throws, naming the key and the rule, when a setting cannot work. */
    public static void check(OperatorConfig config) {
        if (config.maxConcurrent() < 1) {
            throw new IllegalArgumentException("operator.max-concurrent must be 1 or more, not " + config.maxConcurrent());
        }
        if (config.keepPrevious() < 0) {
            throw new IllegalArgumentException("operator.keep-previous must be 0 or more, not " + config.keepPrevious());
        }
        if (config.rollback().stopTimeout().isNegative()) {
            throw new IllegalArgumentException("operator.rollback.stop-timeout must be 0s or more, not "
                    + config.rollback().stopTimeout().toMillis() + "ms");
        }
        int percent = config.preflight().minFreeDiskPercent();
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("operator.preflight.min-free-disk-percent must be 0 to 100, not " + percent);
        }
        if (config.pollInterval().toSeconds() < 1) {
            throw new IllegalArgumentException("operator.poll-interval must be 1s or more, not "
                    + config.pollInterval().toMillis() + "ms");
        }
        if (config.maxFileSize().asLongValue() < 1) {
            throw new IllegalArgumentException("operator.max-file-size must be 1 byte or more, not " + config.maxFileSize().asLongValue());
        }
        if (config.git().pollInterval().toSeconds() < 1) {
            throw new IllegalArgumentException("operator.git.poll-interval must be 1s or more, not "
                    + config.git().pollInterval().toMillis() + "ms");
        }
        OperatorBeans.gitSettings(config).flatMap(GitSource.Settings::problem).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        config.git().webhookSecretFile().filter(f -> !f.isBlank()).ifPresent(file -> {
            if (OperatorBeans.gitSettings(config).isEmpty()) {
                throw new IllegalArgumentException("operator.git.webhook-secret-file needs operator.git.url: the hook fetches it");
            }
            if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(file))) {
                throw new IllegalArgumentException("cannot read " + file + " (operator.git.webhook-secret-file)");
            }
        });
        config.docker().config().filter(d -> !d.isBlank()).map(java.nio.file.Path::of).ifPresent(dir -> {
            // a folder that does not exist yet is no credentials, as for docker; the file itself named here is a mistake
            if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
                throw new IllegalArgumentException("operator.docker.config must be the folder that holds config.json (as"
                        + " DOCKER_CONFIG), not the file " + dir);
            }
        });
        networkPool(config);
        tokyo.seisei.operator.engine.ImageCleanupSchedule.parse(config.maintenance().imageCleanup());
        MaintenanceSchedule.parse(config.maintenance().schedule(), ZoneId.systemDefault());
        if (config.maintenance().keepReleases() < 0) {
            throw new IllegalArgumentException("operator.maintenance.keep-releases must be 0 or more, not "
                    + config.maintenance().keepReleases());
        }
        config.notifications().webhookUrl().filter(u -> !u.isBlank()).ifPresent(url -> {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("operator.notify.webhook-url must be an http:// or https:// URL, not " + url);
            }
        });
    }

    /** The pool as a subnet; one that is not an IPv4 network of at least one block stops the start. */
    static Ipv4Subnet networkPool(OperatorConfig config) {
        String pool = config.network().pool();
        return Ipv4Subnet.parse(pool).filter(p -> p.prefix() <= NetworkPool.BLOCK_PREFIX)
                .orElseThrow(() -> new IllegalArgumentException("operator.network.pool must be an IPv4 network such as"
                        + " 10.240.0.0/16, with its host bits clear and a prefix of /" + NetworkPool.BLOCK_PREFIX
                        + " or shorter, not " + pool));
    }
}
