package tokyo.seisei.operator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tokyo.seisei.operator.Fixtures;

class PromotionRulesTest {

    @TempDir
    Path dir;

    static String prod(String name, String extra) {
        return Fixtures.SHOP.replace("name: shop", "name: " + name).replace("environment: staging", "environment: prod")
                .replace("127.0.0.1:18069", "127.0.0.1:18070") + extra;
    }

    private List<String> problems(String name, String yaml, boolean required) throws IOException {
        Files.writeString(dir.resolve("shop.yaml"), Fixtures.SHOP);
        Files.writeString(dir.resolve(name + ".yaml"), yaml);
        return new DesiredStateLoader(Map.of(), required).loadDirectory(dir).stream()
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow()
                .problems().stream().map(Object::toString).toList();
    }

    @Test
    void prodNeedsAPromotionUnlessTheHostSaysOtherwise() throws IOException {
        List<String> problems = problems("shop-prod", prod("shop-prod", ""), true);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).endsWith("shop-prod.yaml:5:1: spec.promotion is required for a prod stack: name the staging"
                + " stack whose verified versions it takes (promotion: {from: <stack>}), or say it has none"
                + " (promotion: {required: false})"), problems.get(0));
        assertEquals(List.of(), problems("shop-prod", prod("shop-prod", ""), false));
        assertEquals(List.of(), problems("shop-prod", prod("shop-prod", "  promotion: {from: shop}\n"), true));
        assertEquals(List.of(), problems("shop-prod", prod("shop-prod", "  promotion: {required: false}\n"), true),
                "a prod stack with no staging stack says so in its own file");
        assertTrue(problems("shop-prod", prod("shop-prod", "  promotion: {from: shop, required: false}\n"), true).get(0)
                .contains("spec.promotion.from and required: false contradict each other"));
    }

    @Test
    void promotionFromMustNameAnotherStackThatIsNotProd() throws IOException {
        assertTrue(problems("shop-prod", prod("shop-prod", "  promotion: {from: nowhere}\n"), true).get(0)
                .contains("spec.promotion.from names stack 'nowhere', which has no file in"));
        assertTrue(problems("shop-prod", prod("shop-prod", "  promotion: {from: shop-prod}\n"), true).get(0)
                .contains("spec.promotion.from names this stack itself"));
        Files.writeString(dir.resolve("other-prod.yaml"), prod("other-prod", "  promotion: {from: shop}\n")
                .replace("127.0.0.1:18070", "127.0.0.1:18071"));
        assertTrue(problems("shop-prod", prod("shop-prod", "  promotion: {from: other-prod}\n"), true).get(0)
                .contains("spec.promotion.from names stack 'other-prod', which is itself prod: promote from a staging stack"));
    }

    @Test
    void forceNeedsAReasonAndIsIgnoredForAnotherVersion() throws IOException {
        List<String> noReason = problems("shop-prod", prod("shop-prod",
                "  promotion: {from: shop}\n  force: {version: sha-19b9b98}\n"), true);
        assertTrue(noReason.get(0).contains("spec.force.reason is required: say why this deploy skips the promotion gate"),
                noReason::toString);
        List<String> other = problems("shop-prod", prod("shop-prod",
                "  promotion: {from: shop}\n  force: {version: sha-0000000, reason: hotfix}\n"), true);
        assertEquals(1, other.size(), other::toString);
        assertTrue(other.get(0).contains("warning: spec.force.version sha-0000000 differs from spec.version sha-19b9b98:"
                + " the force is ignored"), other.get(0));
    }
}
