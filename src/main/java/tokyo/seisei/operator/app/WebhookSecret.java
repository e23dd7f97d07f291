package tokyo.seisei.operator.app;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret of the git webhook, read from {@code operator.git.webhook-secret-file} at the daemon's start: a push
 * is believed when its {@code X-Hub-Signature-256: sha256=<hex>} is the HMAC-SHA256 of the raw body with it, as
 * GitHub, Gitea and Forgejo sign. Compared in constant time.
 */
@Singleton
public class WebhookSecret {

    private static final String PREFIX = "sha256=";

    @Inject
    OperatorConfig config;

    private volatile byte[] secret;

    /** A secret given as it is, without configuration. */
    static WebhookSecret of(String value) {
        WebhookSecret made = new WebhookSecret();
        made.secret = value.getBytes(StandardCharsets.UTF_8);
        return made;
    }

    /** Reads the secret, when one is configured. */
    public void load() {
        Optional<Path> file = config.git().webhookSecretFile().filter(f -> !f.isBlank()).map(Path::of);
        if (file.isEmpty()) {
            return;
        }
        try {
            secret = Files.readString(file.get()).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the webhook secret " + file.get() + ": " + e.getMessage(), e);
        }
    }

    /** True when a secret is set: without one there is no webhook. */
    public boolean configured() {
        byte[] key = secret;
        return key != null && key.length > 0;
    }

    /** @param signature the X-Hub-Signature-256 header, or null */
    public boolean accepts(String signature, byte[] body) {
        byte[] key = secret;
        if (key == null || key.length == 0 || signature == null || !signature.strip().toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            return false;
        }
        byte[] expected = (PREFIX + sign(key, body == null ? new byte[0] : body)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** The lowercase hex HMAC-SHA256 of the body with the key. */
    static String sign(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
