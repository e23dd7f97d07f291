package tokyo.seisei.operator.docker;

import java.util.Set;
import tokyo.seisei.operator.model.ImageReference;

/**
 * The registry an image is pulled from, named as Docker names it: the first part of the image's name when it looks
 * like a host (a dot, a colon, {@code localhost} or a capital), else Docker Hub.
 *
 * @param name the host, with its port if any; {@code docker.io} for Docker Hub
 */
record RegistryHost(String name) {

    static final RegistryHost DOCKER_HUB = new RegistryHost("docker.io");

    /** The key {@code docker login} files Docker Hub's credentials under, and the address its helpers are asked about. */
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    private static final Set<String> DOCKER_HUB_NAMES = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

    static RegistryHost ofImage(String imageRef) {
        String name = ImageReference.parse(imageRef).name();
        int slash = name.indexOf('/');
        if (slash < 0) {
            return DOCKER_HUB;
        }
        String first = name.substring(0, slash);
        boolean host = first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase());
        return host ? of(first) : DOCKER_HUB;
    }

    /**
     * A registry as a key of a Docker config names it: as Docker does, a scheme and a path are dropped
     * ({@code https://index.docker.io/v1/} is {@code index.docker.io}), and Docker Hub's several names are one.
     */
    static RegistryHost of(String key) {
        String host = key.strip();
        if (host.startsWith("https://")) {
            host = host.substring("https://".length());
        } else if (host.startsWith("http://")) {
            host = host.substring("http://".length());
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        return DOCKER_HUB_NAMES.contains(host) ? DOCKER_HUB : new RegistryHost(host);
    }

    boolean dockerHub() {
        return equals(DOCKER_HUB);
    }

    /** Where Docker looks for this registry in a config's {@code auths} and {@code credHelpers} first. */
    String configKey() {
        return dockerHub() ? DOCKER_HUB_KEY : name;
    }

    @Override
    public String toString() {
        return name;
    }
}
