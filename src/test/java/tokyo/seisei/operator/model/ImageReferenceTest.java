package tokyo.seisei.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {

    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @Test
    void referencesOfTheGrammarPass() {
        for (String ref : List.of("postgres", "postgres:15", "lab/postgres:15-alpine", "localhost:5000/seisei/odoo:sha-19b9b98",
                "localhost/x:1", "registry.example.com/a/b/c:v1.2.3_rc", "127.0.0.1:5000/app:1", "[::1]:5000/app:1",
                "my-registry:443/team__x/app.name:TAG", "a--b/c:1", "postgres@" + DIGEST, "postgres:15@" + DIGEST,
                "Registry.Example.com/app:1", "app:" + "t".repeat(128))) {
            assertEquals(Optional.empty(), ImageReference.grammarError(ref), ref);
        }
    }

    @Test
    void eachBrokenRuleIsNamed() {
        assertEquals(Optional.of("the tag 'sha-1 --privileged' must be 1 to 128 letters, digits, '_', '.' or '-', not starting"
                + " with '.' or '-'"), ImageReference.grammarError("localhost:5000/app:sha-1 --privileged"));
        assertEquals(Optional.of("the tag after ':' is empty"), ImageReference.grammarError("app:"));
        assertEquals(Optional.of("the path component 'Odoo' must be lowercase letters and digits, separated by '.', '_', '__'"
                + " or '-'"), ImageReference.grammarError("localhost:5000/seisei/Odoo:1"));
        assertEquals(Optional.of("the digest 'sha256:xyz' must be ALGORITHM:HEX, e.g. sha256: and 64 hex digits"),
                ImageReference.grammarError("app@sha256:xyz"));
        assertEquals(Optional.of("the name 'a//b' has an empty path component: no leading, trailing or double '/'"),
                ImageReference.grammarError("a//b:1"));
        assertEquals(Optional.of("the registry host 'bad_host.com' must be a host name, an IPv4 address or an [IPv6] address"),
                ImageReference.grammarError("bad_host.com/app:1"));
        assertEquals(Optional.of("the registry port 'x' must be a number"), ImageReference.grammarError("host.com:x/app:1"));
        assertTrue(ImageReference.grammarError("app:" + "t".repeat(129)).orElseThrow().startsWith("the tag "));
        assertTrue(ImageReference.grammarError("a/".repeat(130) + "b:1").orElseThrow().startsWith("the name is 261 characters"));
        assertTrue(ImageReference.grammarError("app:1\n--privileged").isPresent());
        assertTrue(ImageReference.grammarError("-app:1").isPresent());
        assertTrue(ImageReference.grammarError("x".repeat(100_000)).orElseThrow().startsWith("it is 100000 characters long"));
    }
}
