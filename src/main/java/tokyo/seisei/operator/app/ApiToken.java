package tokyo.seisei.operator.app;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import tokyo.seisei.operator.store.AtomicFiles;
import tokyo.seisei.operator.store.StateLayout;

/**
 * The bearer token of the API's changing calls, read from {@code operator.api.token-file}; created 0600 with a
 * random value when missing at the daemon's start. Compared in constant time.
 */
@Singleton
public class ApiToken {

    @Inject
    OperatorConfig config;

    @Inject
    StateLayout layout;

    private volatile byte[] token;

    Path file() {
        return config.api().tokenFile().map(Path::of).orElse(layout.root().resolve("api-token"));
    }

    /** Reads the token, making one first when there is none. */
    public void load() {
        Path file = file();
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                AtomicFiles.write(file, HexFormat.of().formatHex(random) + "\n");
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            token = Files.readString(file).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API token " + file + ": " + e.getMessage(), e);
        }
    }

    /** @param authorization the Authorization header, or null */
    public boolean accepts(String authorization) {
        byte[] expected = token;
        if (expected == null || expected.length == 0 || authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}
