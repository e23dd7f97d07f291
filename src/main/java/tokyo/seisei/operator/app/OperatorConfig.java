package tokyo.seisei.operator.app;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** The operator's settings; environment variables override, e.g. {@code OPERATOR_STATE_DIR}. */
@ConfigMapping(prefix = "operator")
public interface OperatorConfig {

    /** Folder of the desired-state files, one {@code <stack>.yaml} per stack. */
    @WithDefault("desired-state")
    String desiredStateDir();

    /** Root of the status files, history, events and backups; {@code /srv} is the runbook's layout. */
    @WithDefault("/srv")
    String stateDir();

    /** Time between two passes of the daemon. */
    @WithDefault("15s")
    Duration pollInterval();

    /** How long a service waits for a {@code service_healthy} dependency before the deploy fails. */
    @WithDefault("120s")
    Duration dependencyTimeout();

    /** How many stacks converge at once; a stack never converges twice at once, and waits for those it needs. */
    @WithDefault("4")
    int maxConcurrent();

    /** How many stopped previous containers each service keeps for an instant rollback. */
    @WithDefault("1")
    int keepPrevious();

    /** How long a stopping daemon lets the step under way finish before it exits, leaving the rest to its record. */
    @WithDefault("60s")
    Duration shutdownTimeout();

    /** A pass that runs longer than this turns readiness DOWN, naming the stack it is at. */
    @WithDefault("10m")
    Duration passDeadline();

    /** The largest desired-state file read ({@code 1M}, {@code 512K} or bytes); a larger one is refused unread. */
    @WithDefault("1M")
    MemorySize maxFileSize();

    Preflight preflight();

    /** For the reliability suite only; inert unless {@code hold-at} is set. */
    Test test();

    interface Test {
        /** A named point of a deploy (e.g. {@code after-rename}) where the operator holds, so a test can kill it there. */
        java.util.Optional<String> holdAt();

        /** The file the operator writes the point's name to once it holds there. */
        java.util.Optional<String> holdFile();
    }

    Smoke smoke();

    Rollback rollback();

    interface Rollback {
        /** How long a rollback lets a container of the failed version stop; a service's own stop_grace_period wins. */
        @WithDefault("1s")
        Duration stopTimeout();
    }

    Network network();

    interface Network {
        /** The IPv4 range the networks the operator creates take their /26 subnets from, unless they declare ipam. */
        @WithDefault("10.240.0.0/16")
        String pool();
    }

    Promotion promotion();

    interface Promotion {
        /** Whether a prod stack must declare spec.promotion; false for hosts whose prod stacks have no staging. */
        @WithDefault("true")
        boolean required();
    }

    interface Smoke {
        /** How long every container must keep running once all smoke checks passed, before a version counts as verified. */
        @WithDefault("5s")
        Duration stableFor();
    }

    Api api();

    /** The desired state followed from a git repository; the folder {@code desired-state-dir} when {@code url} is unset. */
    Git git();

    interface Git {
        /** The repository (https://, ssh://, git@host:path or file://); unset: the desired-state folder is read as it is. */
        java.util.Optional<String> url();

        /** The branch followed; the operator fetches it and checks out its head, never merges, commits or pushes. */
        @WithDefault("main")
        String branch();

        /** The folder of the stack files in the repository. */
        @WithDefault("desired-state")
        String path();

        /** Time between two fetches; a failed fetch is tried again sooner, by the retry policy. */
        @WithDefault("30s")
        Duration pollInterval();

        /** The user name for https, with {@code password-file}. */
        java.util.Optional<String> username();

        /** The file holding the password or access token for https. */
        java.util.Optional<String> passwordFile();

        /** The private key for ssh, with {@code known-hosts-file}. */
        java.util.Optional<String> sshKeyFile();

        /** The host keys trusted for ssh, in OpenSSH's known_hosts form; no other host is accepted. */
        java.util.Optional<String> knownHostsFile();

        /** The secret of {@code POST /api/hooks/git}'s HMAC-SHA256 signature; the hook answers 404 while unset. */
        java.util.Optional<String> webhookSecretFile();
    }

    @WithName("notify")
    Notify notifications();

    interface Api {
        /** The bearer token of the API's POST calls; default {@code <state-dir>/api-token}, made at first start. */
        java.util.Optional<String> tokenFile();
    }

    interface Notify {
        /** Where to POST a JSON message on every fail, rollback, blocked, FORCED and Failed; none when unset. */
        java.util.Optional<String> webhookUrl();
    }

    Docker docker();

    interface Docker {
        /**
         * The Docker config directory whose {@code config.json} holds the registry credentials ({@code docker login},
         * {@code credsStore}, {@code credHelpers}); unset: {@code $DOCKER_CONFIG}, else {@code ~/.docker}.
         */
        java.util.Optional<String> config();
    }

    Backup backup();

    interface Backup {
        /** Where a backup past its retention is packed ({@code <dir>/<stack>/<id>.tar.gz}) before it is removed; none when unset. */
        java.util.Optional<String> archiveDir();
    }

    Maintenance maintenance();

    interface Maintenance {
        /**
         * When the daemon runs the maintenance plan: a Quartz cron expression (seconds first, the host's time zone),
         * or daily, weekly (Sunday) at 03:30, or never.
         */
        @WithDefault("0 30 3 * * ?")
        String schedule();

        /** How often the daemon removes the images nothing needs: daily, weekly or never (not even by stackctl maintenance). */
        @WithDefault("weekly")
        String imageCleanup();

        /** How many of each stack's last verified releases keep their images. */
        @WithDefault("3")
        int keepReleases();
    }

    interface Preflight {
        /** Free disk needed on the Docker data root and on the state dir before a deploy. */
        @WithDefault("20")
        int minFreeDiskPercent();
    }
}
