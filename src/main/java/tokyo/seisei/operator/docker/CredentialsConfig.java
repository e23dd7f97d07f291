package tokyo.seisei.operator.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tokyo.seisei.operator.model.Printable;

/**
 * The registry credentials of a Docker client config ({@code config.json}) as {@code docker login} leaves them:
 * {@code auths} (per registry: {@code auth}, the base64 of {@code user:password}; or {@code username} and
 * {@code password}; or {@code identitytoken}), {@code credsStore} (the helper of every registry) and
 * {@code credHelpers} (a helper per registry). The rest of the file is not read.
 *
 * @param credsStore null when none is set
 */
record CredentialsConfig(Map<String, Stored> auths, String credsStore, Map<String, String> credHelpers) {

    static final CredentialsConfig EMPTY = new CredentialsConfig(Map.of(), null, Map.of());

    /** A config of several megabytes is not one {@code docker login} wrote. */
    static final long MAX_SIZE = 4L * 1024 * 1024;

    /** As Docker runs it: {@code docker-credential-<name>}, so the name is no path. */
    static final Pattern HELPER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@code auths} holds for one registry; all null for the empty entry a helper's login leaves. */
    record Stored(String username, String password, String identityToken) {

        boolean empty() {
            return blank(username) && blank(password) && blank(identityToken);
        }

        @Override
        public String toString() {
            return "Stored[user " + username + ", secret ****]";
        }
    }

    /**
     * The helper Docker asks for a registry's credentials.
     *
     * @param field where the config names it: {@code credHelpers."host"} or {@code credsStore}
     */
    record Helper(String name, String field) {
    }

    /** A missing file is no credentials at all, as for Docker. */
    static CredentialsConfig read(Path file) {
        if (Files.notExists(file)) {
            return EMPTY;
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw new CredentialsUnavailable(file + ": is not a regular file");
            }
            if (Files.size(file) > MAX_SIZE) {
                throw new CredentialsUnavailable(file + ": is larger than " + MAX_SIZE / 1024 / 1024 + " MiB");
            }
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CredentialsUnavailable(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    static CredentialsConfig parse(Path file, String json) {
        if (json.isBlank()) {
            return EMPTY;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson's own message may quote the text around the error, a secret included
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new CredentialsUnavailable(file + ": is not valid JSON" + where);
        }
        if (root == null || !root.isObject()) {
            throw new CredentialsUnavailable(file + ": must be a JSON object");
        }
        return new CredentialsConfig(auths(file, root.get("auths")), helperName(file, "credsStore", root.get("credsStore")),
                credHelpers(file, root.get("credHelpers")));
    }

    /** Docker's choice: the registry's own helper in {@code credHelpers}, else {@code credsStore}. */
    Optional<Helper> helperFor(RegistryHost host) {
        Optional<Map.Entry<String, String>> own = lookUp(credHelpers, host);
        if (own.isPresent()) {
            return Optional.of(new Helper(own.get().getValue(), "credHelpers.\"" + own.get().getKey() + "\""));
        }
        return credsStore == null ? Optional.empty() : Optional.of(new Helper(credsStore, "credsStore"));
    }

    /** The registry's entry in {@code auths}, unless it is empty. */
    Optional<Stored> storedFor(RegistryHost host) {
        return lookUp(auths, host).map(Map.Entry::getValue).filter(s -> !s.empty());
    }

    /** As Docker: the exact key first, then any key naming the same host (with a scheme or a path). */
    private static <T> Optional<Map.Entry<String, T>> lookUp(Map<String, T> byKey, RegistryHost host) {
        T exact = byKey.get(host.configKey());
        if (exact != null) {
            return Optional.of(Map.entry(host.configKey(), exact));
        }
        return new TreeMap<>(byKey).entrySet().stream().filter(e -> RegistryHost.of(e.getKey()).equals(host)).findFirst();
    }

    private static Map<String, Stored> auths(Path file, JsonNode auths) {
        Map<String, Stored> stored = new LinkedHashMap<>();
        if (auths == null || auths.isNull()) {
            return stored;
        }
        if (!auths.isObject()) {
            throw new CredentialsUnavailable(file + ": auths: must be an object of registries");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String field = "auths.\"" + entry.getKey() + "\"";
            JsonNode node = entry.getValue();
            if (!node.isObject()) {
                throw new CredentialsUnavailable(file + ": " + field + ": must be an object");
            }
            String username = text(file, field + ".username", node.get("username"));
            String password = text(file, field + ".password", node.get("password"));
            String auth = text(file, field + ".auth", node.get("auth"));
            if (!blank(auth)) {
                // as Docker: auth, when given, is what counts
                String[] userAndPassword = decodeAuth(file, field + ".auth", auth);
                username = userAndPassword[0];
                password = userAndPassword[1];
            }
            stored.put(entry.getKey(), new Stored(username, password, text(file, field + ".identitytoken",
                    node.get("identitytoken"))));
        }
        return stored;
    }

    private static String[] decodeAuth(Path file, String field, String auth) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CredentialsUnavailable(file + ": " + field + ": must be the base64 of user:password");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new CredentialsUnavailable(file + ": " + field + ": must be the base64 of user:password (it has no ':')");
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static Map<String, String> credHelpers(Path file, JsonNode helpers) {
        Map<String, String> byRegistry = new LinkedHashMap<>();
        if (helpers == null || helpers.isNull()) {
            return byRegistry;
        }
        if (!helpers.isObject()) {
            throw new CredentialsUnavailable(file + ": credHelpers: must be an object of registry: helper name");
        }
        helpers.fields().forEachRemaining(e -> byRegistry.put(e.getKey(),
                helperName(file, "credHelpers.\"" + e.getKey() + "\"", e.getValue())));
        byRegistry.values().removeIf(Objects::isNull);
        return byRegistry;
    }

    private static String helperName(Path file, String field, JsonNode node) {
        String name = text(file, field, node);
        if (blank(name)) {
            return null;
        }
        if (!HELPER_NAME.matcher(name).matches()) {
            throw new CredentialsUnavailable(file + ": " + field + ": '" + Printable.excerpt(name)
                    + "' must be a helper name (letters, digits, '.', '_', '-'), run as docker-credential-<name>");
        }
        return name;
    }

    private static String text(Path file, String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new CredentialsUnavailable(file + ": " + field + ": must be a string");
        }
        return node.asText();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
