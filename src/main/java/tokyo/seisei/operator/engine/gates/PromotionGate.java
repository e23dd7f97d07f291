package tokyo.seisei.operator.engine.gates;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tokyo.seisei.operator.engine.plan.PinnedImage;
import tokyo.seisei.operator.engine.status.Transition;
import tokyo.seisei.operator.model.ImageReference;
import tokyo.seisei.operator.model.Reason;
import tokyo.seisei.operator.model.Service;
import tokyo.seisei.operator.model.StackSpec;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.store.ReleaseLedger;

/**
 * Production takes only what staging verified: a stack with spec.promotion may deploy a version only when its
 * {@code from} stack verified it, and then runs the very digests that ran there. A force skips this gate alone.
 */
public final class PromotionGate implements Gate {

    /**
     * What the gate says of the desired version.
     *
     * @param pins   by service: the tag as written and the verified digest to run instead
     * @param forced the force's reason when the gate was skipped, else null
     */
    public record Decision(boolean open, String from, boolean verifiedThere, Map<String, PinnedImage> pins, String forced,
                           String blockedBecause) {

        static final Decision NO_GATE = new Decision(true, null, false, Map.of(), null, null);

        /** By service: {@code name:tag@sha256:...}, so the version stays visible where the digest decides. */
        public Map<String, String> pinnedImages() {
            Map<String, String> images = new LinkedHashMap<>();
            pins.forEach((service, pin) -> images.put(service, pin.image()));
            return images;
        }
    }

    private final ReleaseLedger ledger;

    public PromotionGate(ReleaseLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Optional<Transition> check(StackContext stack) {
        Decision gate = decide(stack.name(), stack.loaded().document().spec());
        stack.promotion(gate);
        stack.draft().observePromotion(gate.from() == null ? null : new StackStatus.PromotionStatus(gate.from(),
                gate.verifiedThere(), gate.verifiedThere() ? null : gate.forced()), gate.forced());
        if (gate.open()) {
            return Optional.empty();
        }
        String version = stack.loaded().desiredVersion();
        return Optional.of(stack.blocked(Reason.NOT_VERIFIED, "version " + version + " is " + gate.blockedBecause()
                + ": deploy it to " + gate.from() + " first, where its smoke verifies it, or force it past the gate with a"
                + " reason (spec.force: {version: " + version + ", reason: ...})", gate.blockedBecause()));
    }

    public Decision decide(String stack, StackSpec spec) {
        if (spec.promotion() == null || spec.promotion().from() == null) {
            return Decision.NO_GATE;
        }
        String from = spec.promotion().from();
        Optional<ReleaseLedger.Release> verified = ledger.find(from, spec.version());
        String forced = spec.force() != null && spec.force().appliesTo(spec.version()) ? spec.force().reason() : null;
        if (verified.isEmpty() && forced == null) {
            // a version forced here stays accepted, shown unverified, until spec.version changes: the force may go
            forced = ledger.find(stack, spec.version()).filter(ReleaseLedger.Release::forced)
                    .map(r -> r.forceReason() == null ? "forced earlier" : r.forceReason()).orElse(null);
        }
        if (verified.isEmpty()) {
            return forced != null
                    ? new Decision(true, from, false, Map.of(), forced, null)
                    : new Decision(false, from, false, Map.of(), null, "not verified on " + from);
        }
        return new Decision(true, from, true, pins(spec, verified.get()), forced, null);
    }

    /**
     * Each service whose image is the one the source ran under this name runs the digest verified there; a service
     * named otherwise here runs the source's digest of its repository when the source ran exactly one.
     */
    private static Map<String, PinnedImage> pins(StackSpec spec, ReleaseLedger.Release release) {
        Map<String, PinnedImage> pins = new LinkedHashMap<>();
        spec.services().forEach((name, service) -> {
            String digest = release.digests().get(name);
            if (digest == null || !sameRepository(service, digest)) {
                List<String> ofRepository = release.digests().values().stream().filter(d -> sameRepository(service, d))
                        .distinct().toList();
                digest = ofRepository.size() == 1 ? ofRepository.get(0) : null;
            }
            if (digest != null) {
                pins.put(name, new PinnedImage(service.image(), digest));
            }
        });
        return pins;
    }

    private static boolean sameRepository(Service service, String digest) {
        return ImageReference.parse(service.image()).name().equals(ImageReference.parse(digest).name());
    }
}
