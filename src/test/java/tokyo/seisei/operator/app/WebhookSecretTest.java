package tokyo.seisei.operator.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The git webhook's signature, as GitHub, Gitea and Forgejo send it. */
class WebhookSecretTest {

    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSignatureIsTheHmacSha256OfTheRawBody() {
        // the example of GitHub's documentation on validating webhook deliveries
        assertEquals("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                WebhookSecret.sign("It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8), BODY));
    }

    @Test
    void onlyTheRightSignatureOfThisBodyIsAccepted() {
        WebhookSecret secret = WebhookSecret.of("It's a Secret to Everybody");
        String good = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        assertTrue(secret.accepts(good, BODY));
        assertTrue(secret.accepts(good.toUpperCase().replace("SHA256=", "sha256="), BODY), "hex in either case");
        assertFalse(secret.accepts(good, "Hello, World?".getBytes(StandardCharsets.UTF_8)), "another body");
        assertFalse(secret.accepts(good.replace("757", "758"), BODY));
        assertFalse(secret.accepts(good.substring(0, good.length() - 2), BODY));
        assertFalse(secret.accepts("sha1=757107ea0eb2509fc211221cce984b8a37570b6d", BODY));
        assertFalse(secret.accepts(null, BODY));
        assertFalse(secret.accepts("", BODY));
        assertFalse(WebhookSecret.of("").accepts(good, BODY), "no secret, no hook");
        assertFalse(WebhookSecret.of("").configured());
    }
}
