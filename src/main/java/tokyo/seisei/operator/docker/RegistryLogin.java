package tokyo.seisei.operator.docker;

/**
 * Credentials for one registry: a user and a password, or an identity token. Its text never shows the secret.
 *
 * @param serverAddress the registry as the engine is told it ({@link RegistryHost#configKey()})
 * @param password      null when an identity token is given instead
 * @param identityToken null unless {@code docker login} (or a helper's {@code <token>} user) gave one
 */
record RegistryLogin(String serverAddress, String username, String password, String identityToken) {

    /** A credential helper's user name that means "the secret is an identity token". */
    static final String TOKEN_USER = "<token>";

    static RegistryLogin fromHelper(String serverAddress, String username, String secret) {
        return TOKEN_USER.equals(username)
                ? new RegistryLogin(serverAddress, null, null, secret)
                : new RegistryLogin(serverAddress, username, secret, null);
    }

    @Override
    public String toString() {
        return "RegistryLogin[" + serverAddress + ", " + (identityToken != null ? "identity token" : "user " + username)
                + ", secret ****]";
    }
}
