package tokyo.seisei.operator.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.docker.ImageSummary;
import tokyo.seisei.operator.model.ByteSize;
import tokyo.seisei.operator.model.ImageReference;
import tokyo.seisei.operator.model.Service;
import tokyo.seisei.operator.source.DesiredState;
import tokyo.seisei.operator.source.LoadedStack;
import tokyo.seisei.operator.store.ReleaseLedger;
import tokyo.seisei.operator.store.StackLocks;

/**
 * The images of the stacks that nothing needs any more. An image goes only when all of these hold:
 * <ul>
 * <li>it is a stack's: one of its digests is in a stack's release ledger, or one of its names is an image a
 * stack's desired-state file names;</li>
 * <li>every name it carries is in a repository those stacks' images come from: an image someone also tagged
 * elsewhere stays;</li>
 * <li>no container on the engine uses it, running or stopped, kept for rollback, managed or not;</li>
 * <li>it is not an image a desired-state file names now, nor one of the last {@code keep-releases} verified
 * releases of any stack.</li>
 * </ul>
 * Each is removed under the locks of the stacks it belongs to, after checking again, and never forced.
 */
public final class ImageCleanup {

    /** An image that would go, with the stacks whose references name it. */
    public record Unused(ImageSummary image, Set<String> stacks) {

        /** A name people know it by: a tag, else a digest, else the short id. */
        public String name() {
            return image.repoTags().stream().findFirst()
                    .or(() -> image.repoDigests().stream().findFirst())
                    .orElse(shortId(image.id()));
        }

        public String describe() {
            return name() + " (" + shortId(image.id()) + ", " + ByteSize.human(image.size()) + ", stack "
                    + String.join(", ", stacks) + ")";
        }
    }

    private final DesiredState desiredState;
    private final ReleaseLedger ledger;
    private final DockerEngine docker;
    private final StackLocks locks;
    private final int keepReleases;

    public ImageCleanup(DesiredState desiredState, ReleaseLedger ledger, DockerEngine docker, StackLocks locks,
                        int keepReleases) {
        this.desiredState = desiredState;
        this.ledger = ledger;
        this.docker = docker;
        this.locks = locks;
        this.keepReleases = keepReleases;
    }

    /** The lines of {@code stackctl maintenance}: what would go and the space it frees, or what went. */
    public List<String> run(boolean dryRun) {
        List<Unused> unused = unused();
        List<String> lines = new ArrayList<>();
        if (unused.isEmpty()) {
            return lines;
        }
        long freed = 0;
        for (Unused image : unused) {
            if (dryRun) {
                lines.add("would remove image " + image.describe());
                freed += image.image().size();
                continue;
            }
            Optional<String> left = remove(image);
            if (left.isEmpty()) {
                lines.add("removed image " + image.describe());
                freed += image.image().size();
            } else {
                lines.add("left image " + image.name() + ": " + left.get());
            }
        }
        if (dryRun) {
            lines.add("image cleanup would free up to " + ByteSize.human(freed) + " (layers shared with kept images stay)");
        } else {
            lines.add("image cleanup freed up to " + ByteSize.human(freed) + " (layers shared with kept images stay)");
        }
        return lines;
    }

    /** The images that would go now, largest first. */
    public List<Unused> unused() {
        References refs = references();
        Set<String> inUse = docker.imageIdsInUse();
        List<Unused> unused = new ArrayList<>();
        for (ImageSummary image : docker.listImages()) {
            if (inUse.contains(image.id())) {
                continue;
            }
            Set<String> owners = new java.util.TreeSet<>();
            image.repoDigests().forEach(d -> owners.addAll(refs.ownerOf(normalize(d))));
            image.repoTags().forEach(t -> owners.addAll(refs.ownerOf(normalize(t))));
            if (owners.isEmpty() || !refs.repositories.containsAll(repositories(image)) || refs.kept(image)) {
                continue;
            }
            unused.add(new Unused(image, owners));
        }
        unused.sort(Comparator.comparingLong((Unused u) -> u.image().size()).reversed().thenComparing(Unused::name));
        return unused;
    }

    /** Removes one image under its stacks' locks if it is still unused then; else why it stays. */
    private Optional<String> remove(Unused image) {
        List<StackLocks.Held> held = new ArrayList<>();
        try {
            for (String stack : image.stacks()) {
                Optional<StackLocks.Held> lock = locks.tryLock(stack);
                if (lock.isEmpty()) {
                    return Optional.of("stack " + stack + " is busy; tried again at the next cleanup");
                }
                held.add(lock.get());
            }
            if (unused().stream().noneMatch(u -> u.image().id().equals(image.image().id()))) {
                return Optional.of("needed again");
            }
            docker.removeImage(image.image().id());
            return Optional.empty();
        } catch (DockerFailure e) {
            return Optional.of(e.getMessage());
        } finally {
            held.forEach(h -> {
                try {
                    h.close();
                } catch (Exception ignored) {
                    // released with its channel
                }
            });
        }
    }

    private References references() {
        References refs = new References();
        for (LoadedStack loaded : desiredState.all()) {
            String stack = loaded.name();
            if (loaded.document() != null && loaded.document().spec() != null && loaded.document().spec().services() != null) {
                for (Service service : loaded.document().spec().services().values()) {
                    if (service != null && service.image() != null) {
                        refs.add(stack, service.image(), true);
                    }
                }
            }
            List<ReleaseLedger.Release> releases = ledger.releases(stack);
            Set<String> keptVersions = new HashSet<>();
            for (int i = releases.size() - 1; i >= 0; i--) {
                ReleaseLedger.Release release = releases.get(i);
                boolean kept = keptVersions.contains(release.version()) || keptVersions.size() < keepReleases;
                if (kept) {
                    keptVersions.add(release.version());
                }
                if (release.digests() != null) {
                    release.digests().values().forEach(d -> refs.add(stack, d, kept));
                }
            }
        }
        return refs;
    }

    /** The references the stacks' files and ledgers name, who names them, and those that must stay. */
    private static final class References {
        final Map<String, Set<String>> owners = new TreeMap<>();
        final Set<String> kept = new HashSet<>();
        final Set<String> repositories = new HashSet<>();

        void add(String stack, String reference, boolean keep) {
            String normalized = normalize(reference);
            ImageReference parsed = ImageReference.parse(normalized);
            repositories.add(parsed.name());
            // a reference with both tag and digest names the image by either
            List<String> forms = parsed.tag() != null && parsed.digest() != null
                    ? List.of(parsed.name() + ":" + parsed.tag(), parsed.name() + "@" + parsed.digest()) : List.of(normalized);
            for (String form : forms) {
                owners.computeIfAbsent(form, f -> new java.util.TreeSet<>()).add(stack);
                if (keep) {
                    kept.add(form);
                }
            }
        }

        Set<String> ownerOf(String reference) {
            return owners.getOrDefault(reference, Set.of());
        }

        boolean kept(ImageSummary image) {
            return image.repoDigests().stream().map(ImageCleanup::normalize).anyMatch(kept::contains)
                    || image.repoTags().stream().map(ImageCleanup::normalize).anyMatch(kept::contains);
        }
    }

    private static Set<String> repositories(ImageSummary image) {
        Set<String> names = new HashSet<>();
        image.repoTags().forEach(t -> names.add(ImageReference.parse(normalize(t)).name()));
        image.repoDigests().forEach(d -> names.add(ImageReference.parse(normalize(d)).name()));
        return names;
    }

    /** The engine's form of a reference: Docker Hub names short ("postgres:15"), a missing tag "latest". */
    static String normalize(String reference) {
        ImageReference ref = ImageReference.parse(reference);
        String name = ref.name();
        for (String prefix : List.of("docker.io/", "index.docker.io/", "registry-1.docker.io/")) {
            if (name.startsWith(prefix)) {
                name = name.substring(prefix.length());
            }
        }
        if (name.startsWith("library/") && name.indexOf('/', "library/".length()) < 0) {
            name = name.substring("library/".length());
        }
        String tag = ref.tag() == null && ref.digest() == null ? "latest" : ref.tag();
        return name + (tag != null ? ":" + tag : "") + (ref.digest() != null ? "@" + ref.digest() : "");
    }

    private static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
