package tokyo.seisei.operator.docker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The credentials a pull sends, found as {@code docker pull} finds them, at each pull (a person may log in at any
 * time): in the Docker config {@code <dir>/config.json} the registry's helper ({@code credHelpers}, else
 * {@code credsStore}) is asked when there is one, else its {@code auths} entry is used; none is an anonymous pull.
 * The file is parsed again only when it was replaced, or its size or time changed.
 */
public final class RegistryCredentials {

    /**
     * Where the credentials of one pull come from, and what they are (empty: none, the pull is anonymous).
     *
     * @param fromHelper whether a credential helper gave them, rather than {@code auths}
     */
    record Lookup(RegistryHost registry, Optional<RegistryLogin> login, String source, boolean fromHelper) {
    }

    private record Parsed(Object fileKey, FileTime modified, long size, CredentialsConfig config) {
    }

    private final Path configFile;
    private final CredentialHelper helpers;
    private volatile Parsed parsed;

    /**
     * @param configDir  the Docker config directory ({@code docker --config}), whose {@code config.json} is read
     * @param helperPath the directories a credential helper is looked for in, in order
     */
    public RegistryCredentials(Path configDir, List<Path> helperPath) {
        this.configFile = configDir.resolve("config.json");
        this.helpers = new CredentialHelper(helperPath, CredentialHelper.TIMEOUT);
    }

    /**
     * As the docker CLI of the user the operator runs as: the directory given (the setting
     * {@code operator.docker.config}), else {@code $DOCKER_CONFIG}, else {@code ~/.docker}; helpers on {@code PATH}.
     */
    public static RegistryCredentials fromEnvironment(Optional<String> configDir) {
        return fromEnvironment(configDir, System.getenv(), System.getProperty("user.home"));
    }

    static RegistryCredentials fromEnvironment(Optional<String> configDir, Map<String, String> env, String home) {
        Path dir = configDir.filter(d -> !d.isBlank()).map(Path::of)
                .or(() -> Optional.ofNullable(env.get("DOCKER_CONFIG")).filter(d -> !d.isBlank()).map(Path::of))
                .orElse(Path.of(home, ".docker"));
        List<Path> path = Arrays.stream(env.getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isBlank()).map(Path::of).toList();
        return new RegistryCredentials(dir, path);
    }

    public Path configFile() {
        return configFile;
    }

    /** @throws CredentialsUnavailable when the config cannot be read or the registry's helper fails */
    Lookup forImage(String imageRef) {
        RegistryHost registry = RegistryHost.ofImage(imageRef);
        CredentialsConfig config = config();
        Optional<CredentialsConfig.Helper> helper = config.helperFor(registry);
        if (helper.isPresent()) {
            return new Lookup(registry, helpers.get(helper.get(), registry.configKey()),
                    "docker-credential-" + helper.get().name() + " (" + helper.get().field() + " of " + configFile + ")", true);
        }
        return new Lookup(registry, config.storedFor(registry).map(s -> new RegistryLogin(registry.configKey(),
                s.username(), s.password(), s.identityToken())), "auths of " + configFile, false);
    }

    /**
     * What to tell a person whose pull the registry refused: who to log in as, and where the operator looked.
     */
    String refusalAdvice(Lookup lookup) {
        String login = "docker login" + (lookup.registry().dockerHub() ? "" : " " + lookup.registry().name()) + " as "
                + System.getProperty("user.name") + " (the user the operator runs as)";
        if (lookup.login().isEmpty()) {
            return "no credentials for " + lookup.registry() + " from " + lookup.source() + ": run " + login
                    + ", or name a credential helper for it in " + configFile;
        }
        return "the credentials for " + lookup.registry() + " from " + lookup.source() + " were refused: run " + login
                + " again" + (lookup.fromHelper() ? ", or fix the credential helper" : "");
    }

    private CredentialsConfig config() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(configFile, BasicFileAttributes.class);
        } catch (IOException e) {
            return CredentialsConfig.read(configFile); // missing, or unreadable: said by read
        }
        Parsed known = parsed;
        if (known != null && Objects.equals(known.fileKey(), attributes.fileKey())
                && known.modified().equals(attributes.lastModifiedTime()) && known.size() == attributes.size()) {
            return known.config();
        }
        CredentialsConfig config = CredentialsConfig.read(configFile);
        parsed = new Parsed(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(), config);
        return config;
    }
}
