package tokyo.seisei.operator.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import tokyo.seisei.operator.docker.ContainerDetails;
import tokyo.seisei.operator.docker.ContainerSpec;
import tokyo.seisei.operator.docker.ContainerSummary;
import tokyo.seisei.operator.docker.DockerEngine;
import tokyo.seisei.operator.docker.DockerFailure.Kind;
import tokyo.seisei.operator.docker.DockerFailure;
import tokyo.seisei.operator.docker.EngineInfo;
import tokyo.seisei.operator.docker.ExecResult;
import tokyo.seisei.operator.docker.ImageInfo;
import tokyo.seisei.operator.docker.ImageSummary;
import tokyo.seisei.operator.docker.NetworkIpam;
import tokyo.seisei.operator.model.ImageReference;
import tokyo.seisei.operator.model.Ipv4Subnet;

/**
 * An in-memory Docker engine, honest enough for the converge: it keeps containers (id, name, labels, image,
 * state, restart policy, health), images with their registry digests, networks and volumes, and refuses what the
 * real engine refuses (a name in use, a missing image or network, a port already allocated, a rename onto a used
 * name), with the kinds {@code EngineFailures} gives the real engine's answers.
 *
 * <p>What the test does to it by hand ({@link #stopByHand}, {@link #exitsOnStart}, ...) is not counted as a
 * request; every call of the operator is, once (the real adapter's extra requests, such as a pull's inspect, are
 * not modelled).
 */
public final class FakeDockerEngine implements DockerEngine {

    private final Map<String, String> logged = new java.util.HashMap<>();

    /** One container; public fields so a test can read them. */
    public static final class Container {
        public final String id;
        public String name;
        public final String image;
        public final String imageId;
        public final Map<String, String> labels;
        public final ContainerSpec spec;
        /** created, running, exited */
        public String state = "created";
        /** healthy, unhealthy, starting, or null without a healthcheck; reported only while it runs */
        public String health;
        /** what the healthcheck printed last, or null */
        public String healthOutput;
        public Integer exitCode;
        public int restartCount;
        public String restartPolicy;

        Container(String id, ContainerSpec spec, String imageId) {
            this.id = id;
            this.name = spec.name();
            this.image = spec.image();
            this.imageId = imageId;
            this.labels = spec.labels() == null ? Map.of() : Map.copyOf(spec.labels());
            this.spec = spec;
            this.restartPolicy = spec.restart() == null ? "no" : spec.restart();
        }

        public boolean running() {
            return "running".equals(state);
        }

        public String label(String key) {
            return labels.get(key);
        }

        boolean hasHealthcheck() {
            return spec.healthcheck() != null && !List.of("NONE").equals(spec.healthcheck().test());
        }

        String statusLine() {
            return switch (state) {
                case "running" -> "Up 2 minutes" + (health == null ? ""
                        : "starting".equals(health) ? " (health: starting)" : " (" + health + ")");
                case "exited" -> "Exited (" + exitCode + ") 5 seconds ago";
                default -> "Created";
            };
        }
    }

    /** What a scripted exec does: its exit code, and what it writes. */
    public interface Exec {
        ExecResult run(Container container, List<String> command, InputStream stdin, OutputStream stdout) throws IOException;
    }

    /** Every operator call, in order, as "operation target", e.g. "pull localhost:5000/lab/app:v1", "start shop-web". */
    public final List<String> calls = new ArrayList<>();
    /** Every image reference the operator pulled, in order. */
    public final List<String> pulls = new ArrayList<>();
    /** The platform each image was pulled for, when one was named. */
    public final Map<String, String> pulledPlatforms = new java.util.HashMap<>();
    /** Every running container the operator stopped, in order, with the grace period it gave: "shop-web 1000ms". */
    public final List<String> stopped = new ArrayList<>();

    private final Map<String, Container> containers = new LinkedHashMap<>();
    /** local images by the reference they were pulled as */
    private final Map<String, ImageInfo> images = new HashMap<>();
    /** Images whose tag was pulled again onto another image: untagged, still there, known by their ID. */
    private final Map<String, ImageInfo> untagged = new HashMap<>();
    /** the registry: the digest each tag points to now (a tag not here points to a digest of its own name) */
    private final Map<String, String> registry = new HashMap<>();
    private final Map<String, DockerFailure> pullFailures = new HashMap<>();
    private final Set<String> exitingImages = new HashSet<>();
    /** images whose containers run, but whose healthcheck says unhealthy, with what it printed */
    private final Map<String, String> unhealthyImages = new HashMap<>();
    private final Set<String> networks = new HashSet<>();
    /** the subnets each network holds, when it was created with some */
    private final Map<String, List<String>> subnets = new HashMap<>();
    private final Set<String> volumes = new HashSet<>();
    private final List<Injected> injected = new ArrayList<>();
    /** by container id: the follows of its logs, each a line sink and what runs when it ends */
    private final Map<String, List<Follow>> follows = new HashMap<>();
    private Exec exec = (container, command, stdin, stdout) -> new ExecResult(0, "");
    private Runnable beforeNextList;
    private boolean unreachable;
    private long sequence;
    private long requests;
    private long errors;
    private long lists;
    private long creates;
    private long starts;
    private long stops;
    private long removes;
    private long renames;
    private long restartPolicies;
    private long networkOrVolumeCreates;

    private record Injected(BiPredicate<String, Container> when, DockerFailure failure) {
    }

    private record Hook(BiPredicate<String, Container> when, Runnable action) {
    }

    private final List<Hook> hooks = new ArrayList<>();

    // ---- what a test arranges (not counted as requests) ----

    /** Every call from now on fails as when the engine is gone (or works again with false). */
    public synchronized FakeDockerEngine unreachable(boolean gone) {
        this.unreachable = gone;
        return this;
    }

    /** The tag is missing from the registry: its pull fails as the real adapter reports a manifest unknown. */
    public synchronized FakeDockerEngine missingTag(String image) {
        return pullFails(image, new DockerFailure(Kind.NOT_FOUND, "Cannot pull image " + image + ": not found: manifest for "
                + image + " not found: manifest unknown: manifest unknown"));
    }

    /** The registry of the image cannot be reached: its pull fails with the engine's "connection refused". */
    public synchronized FakeDockerEngine registryDown(String image) {
        return pullFails(image, new DockerFailure(Kind.FAILED, "Cannot pull image " + image
                + ": Get \"http://localhost:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused"));
    }

    public synchronized FakeDockerEngine pullFails(String image, DockerFailure failure) {
        pullFailures.put(image, failure);
        return this;
    }

    /** Pulls of the image work again. */
    public synchronized FakeDockerEngine registryUp(String image) {
        pullFailures.remove(image);
        return this;
    }

    /** The registry's tag now points to another digest, as after a push of another image under the same tag. */
    public synchronized FakeDockerEngine retag(String image, String digest) {
        registry.put(image, digest);
        return this;
    }

    /** Containers of this image exit (code 1) as soon as they are started: a bad version. */
    public synchronized FakeDockerEngine exitsOnStart(String image) {
        exitingImages.add(image);
        return this;
    }

    /** Containers of this image run, but their healthcheck reports unhealthy, having printed the output. */
    public synchronized FakeDockerEngine unhealthyOnStart(String image, String output) {
        unhealthyImages.put(image, output);
        return this;
    }

    /** Containers of this image run again when started: the image was fixed. */
    public synchronized FakeDockerEngine runsFine(String image) {
        exitingImages.remove(image);
        return this;
    }

    public synchronized FakeDockerEngine network(String name) {
        networks.add(name);
        return this;
    }

    /** A network made outside the operator, holding a subnet. */
    public synchronized FakeDockerEngine network(String name, String subnet) {
        networks.add(name);
        subnets.put(name, List.of(subnet));
        return this;
    }

    /** Removes a network, as {@code docker network rm} does. */
    public synchronized void removeNetwork(String name) {
        networks.remove(name);
        subnets.remove(name);
    }

    /** The subnets a network was created with; empty when it took the engine's own pools, or does not exist. */
    public synchronized List<String> subnetsOf(String name) {
        return subnets.getOrDefault(name, List.of());
    }

    /** The next operator call for which {@code when(operation, container)} holds fails with this failure, once. */
    public synchronized FakeDockerEngine failOnce(BiPredicate<String, Container> when, DockerFailure failure) {
        injected.add(new Injected(when, failure));
        return this;
    }

    /**
     * Runs the action once, right after the first operator call for which {@code when(operation, container)} holds
     * was let through (e.g. to make the engine unreachable from the next call on).
     */
    public synchronized FakeDockerEngine afterCall(BiPredicate<String, Container> when, Runnable action) {
        hooks.add(new Hook(when, action));
        return this;
    }

    public synchronized FakeDockerEngine onExec(Exec script) {
        this.exec = script;
        return this;
    }

    /** Runs once, just before the next list of the managed containers answers. */
    public synchronized FakeDockerEngine beforeNextList(Runnable action) {
        this.beforeNextList = action;
        return this;
    }

    /** {@code docker stop}, by a person. */
    public synchronized void stopByHand(String name) {
        Container c = byName(name).orElseThrow(() -> new AssertionError("no container " + name));
        c.state = "exited";
        c.exitCode = 0;
        c.health = null;
        endFollows(c.id);
    }

    /** {@code docker rm -f}, by a person. */
    public synchronized void removeByHand(String name) {
        Container c = byName(name).orElseThrow(() -> new AssertionError("no container " + name));
        containers.remove(c.id);
        endFollows(c.id);
    }

    /** A line the container's process writes to its output: each follow of its logs gets it. */
    public synchronized void writes(String name, String line) {
        Container c = byName(name).orElseThrow(() -> new AssertionError("no container " + name));
        follows.getOrDefault(c.id, List.of()).forEach(f -> f.line().accept(line));
    }

    private record Follow(java.util.function.Consumer<String> line, Runnable ended) {
    }

    private void endFollows(String id) {
        List<Follow> ended = follows.remove(id);
        if (ended != null) {
            ended.forEach(f -> f.ended().run());
        }
    }

    public synchronized void setHealth(String name, String health) {
        byName(name).orElseThrow(() -> new AssertionError("no container " + name)).health = health;
    }

    // ---- what a test reads ----

    public synchronized Optional<Container> container(String name) {
        return byName(name);
    }

    /** The containers, in creation order. */
    public synchronized List<Container> containers() {
        return List.copyOf(containers.values());
    }

    /** The names of a stack's containers, kept previous ones included, sorted. */
    public synchronized List<String> names(String stack) {
        return containers.values().stream().filter(c -> stack.equals(c.label(STACK_LABEL))).map(c -> c.name).sorted().toList();
    }

    public synchronized boolean hasNetwork(String name) {
        return networks.contains(name);
    }

    /** The digest a tag points to in the registry, as {@code sha256:...}. */
    public synchronized String digestOf(String image) {
        return registry.computeIfAbsent(image, FakeDockerEngine::sha256);
    }

    public synchronized long lists() {
        return lists;
    }

    public synchronized long creates() {
        return creates;
    }

    public synchronized long starts() {
        return starts;
    }

    public synchronized long removes() {
        return removes;
    }

    /** Every call that changes something: pulls, creates, starts, stops, removes, renames, restart policies. */
    public synchronized long changes() {
        return pulls.size() + creates + starts + stops + removes + renames + restartPolicies + networkOrVolumeCreates;
    }

    // ---- DockerEngine ----

    @Override
    public synchronized EngineInfo info() {
        request("info", null);
        return new EngineInfo("27.0.0-fake", "1.44", null);
    }

    @Override
    public synchronized List<ContainerSummary> listManagedContainers() {
        request("list", null);
        lists++;
        if (beforeNextList != null) {
            Runnable action = beforeNextList;
            beforeNextList = null;
            action.run();
        }
        return containers.values().stream().filter(c -> ContainerSummary.stackOf(c.labels) != null)
                .map(c -> new ContainerSummary(c.id, c.name, c.image, c.imageId, c.state, c.statusLine(), c.labels,
                        c.running() ? ports(c).stream().filter(p -> p.hostPort() != null)
                                .map(p -> p.hostPort() + "/" + (p.protocol() == null ? "tcp" : p.protocol())).distinct().toList()
                                : List.of()))
                .toList();
    }

    @Override
    public synchronized List<ContainerSummary> listContainersLabelled(String label) {
        request("list", null);
        return containers.values().stream().filter(c -> c.labels.containsKey(label))
                .map(c -> new ContainerSummary(c.id, c.name, c.image, c.imageId, c.state, c.statusLine(), c.labels))
                .toList();
    }

    @Override
    public synchronized void pull(String imageRef, String platform) {
        request("pull " + imageRef, null);
        pulls.add(imageRef);
        if (platform != null) {
            pulledPlatforms.put(imageRef, platform);
        }
        ImageReference ref = ImageReference.parse(imageRef);
        if (!ref.pinned()) {
            throw failed(new DockerFailure(Kind.FAILED, "Cannot pull image " + imageRef
                    + ": the reference has neither a tag nor a digest (that would pull every tag)"));
        }
        DockerFailure failure = pullFailures.get(imageRef);
        if (failure != null) {
            throw failed(failure);
        }
        String digest = ref.digest() != null ? ref.digest() : digestOf(imageRef);
        ImageInfo before = images.put(imageRef, new ImageInfo(sha256("image " + ref.name() + "@" + digest),
                List.of(ref.name() + "@" + digest)));
        if (before != null && !before.id().equals(images.get(imageRef).id())) {
            untagged.put(before.id(), before);
        }
    }

    @Override
    public synchronized Optional<ImageInfo> inspectImage(String imageRef) {
        request("inspect image " + imageRef, null);
        return Optional.ofNullable(images.get(imageRef))
                .or(() -> images.values().stream().filter(i -> i.id().equals(imageRef)).findFirst())
                .or(() -> Optional.ofNullable(untagged.get(imageRef)));
    }

    /** Bytes each fake image takes on disk. */
    public static final long IMAGE_SIZE = 50_000_000;

    /** Tags a local image with another name as well, as {@code docker tag} does. */
    public synchronized FakeDockerEngine tag(String existing, String newReference) {
        images.put(newReference, images.get(existing));
        return this;
    }

    /** An image someone else put on the engine, with the digest it was pulled under. */
    public synchronized FakeDockerEngine foreignImage(String reference) {
        ImageReference ref = ImageReference.parse(reference);
        String digest = digestOf(reference);
        images.put(reference, new ImageInfo(sha256("image " + ref.name() + "@" + digest), List.of(ref.name() + "@" + digest)));
        return this;
    }

    public synchronized boolean hasImage(String reference) {
        return images.containsKey(reference);
    }

    @Override
    public synchronized List<ImageSummary> listImages() {
        request("list images", null);
        Map<String, ImageSummary> byId = new java.util.TreeMap<>();
        images.forEach((reference, info) -> {
            ImageSummary seen = byId.getOrDefault(info.id(), new ImageSummary(info.id(), List.of(), List.of(), IMAGE_SIZE));
            List<String> tags = new ArrayList<>(seen.repoTags());
            if (ImageReference.parse(reference).digest() == null && !tags.contains(reference)) {
                tags.add(reference);
            }
            List<String> digests = new ArrayList<>(seen.repoDigests());
            info.repoDigests().stream().filter(d -> !digests.contains(d)).forEach(digests::add);
            byId.put(info.id(), new ImageSummary(info.id(), List.copyOf(tags), List.copyOf(digests), IMAGE_SIZE));
        });
        return List.copyOf(byId.values());
    }

    @Override
    public synchronized Set<String> imageIdsInUse() {
        request("list containers", null);
        return containers.values().stream().map(c -> c.imageId).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public synchronized void removeImage(String id) {
        request("remove image " + id, null);
        if (containers.values().stream().anyMatch(c -> id.equals(c.imageId))) {
            throw failed(new DockerFailure(Kind.CONFLICT, "Cannot remove image " + id + ": conflict: unable to delete "
                    + id + " (must be forced) - image is being used by a container"));
        }
        long repositories = images.entrySet().stream().filter(e -> e.getValue().id().equals(id))
                .map(e -> ImageReference.parse(e.getKey()).name()).distinct().count();
        if (repositories > 1) {
            throw failed(new DockerFailure(Kind.CONFLICT, "Cannot remove image " + id + ": conflict: unable to delete "
                    + id + " (must be forced) - image is referenced in multiple repositories"));
        }
        images.values().removeIf(info -> info.id().equals(id));
    }

    @Override
    public synchronized boolean networkExists(String name) {
        request("inspect network " + name, null);
        return networks.contains(name);
    }

    @Override
    public synchronized void createNetwork(String name, Map<String, String> labels, NetworkIpam ipam) {
        request("create network " + name, null);
        if (networks.contains(name)) {
            throw failed(new DockerFailure(Kind.CONFLICT, "Cannot create network " + name + ": conflict: network with name "
                    + name + " already exists"));
        }
        List<String> wanted = ipam == null ? List.of() : ipam.pools().stream().map(NetworkIpam.Pool::subnet).toList();
        boolean overlaps = wanted.stream().map(w -> Ipv4Subnet.parse(w).orElseThrow()).anyMatch(w -> subnets.values().stream()
                .flatMap(List::stream).map(h -> Ipv4Subnet.parse(h).orElseThrow()).anyMatch(w::overlaps));
        if (overlaps) {
            throw failed(new DockerFailure(Kind.FAILED, "Cannot create network " + name
                    + ": Pool overlaps with other one on this address space"));
        }
        networks.add(name);
        if (!wanted.isEmpty()) {
            subnets.put(name, wanted);
        }
        networkOrVolumeCreates++;
    }

    @Override
    public synchronized Map<String, List<String>> networkSubnets() {
        request("list networks", null);
        Map<String, List<String>> all = new TreeMap<>();
        networks.forEach(n -> all.put(n, subnets.getOrDefault(n, List.of())));
        return all;
    }

    @Override
    public synchronized boolean volumeExists(String name) {
        request("inspect volume " + name, null);
        return volumes.contains(name);
    }

    @Override
    public synchronized void createVolume(String name, Map<String, String> labels) {
        request("create volume " + name, null);
        volumes.add(name);
        networkOrVolumeCreates++;
    }

    @Override
    public synchronized String createContainer(ContainerSpec spec) {
        request("create " + spec.name(), null);
        String operation = "create container " + spec.name();
        Optional<Container> taken = byName(spec.name());
        if (taken.isPresent()) {
            throw failed(new DockerFailure(Kind.CONFLICT, "Cannot " + operation + ": conflict: Conflict. The container name \"/"
                    + spec.name() + "\" is already in use by container \"" + taken.get().id
                    + "\". You have to remove (or rename) that container to be able to reuse that name."));
        }
        ImageInfo image = images.get(spec.image());
        if (image == null) {
            throw failed(new DockerFailure(Kind.NOT_FOUND, "Cannot " + operation + ": not found: No such image: " + spec.image()));
        }
        for (ContainerSpec.NetworkAttachment network : spec.networks() == null ? List.<ContainerSpec.NetworkAttachment>of() : spec.networks()) {
            if (!networks.contains(network.network())) {
                throw failed(new DockerFailure(Kind.NOT_FOUND, "Cannot " + operation + ": not found: network "
                        + network.network() + " not found"));
            }
        }
        (spec.mounts() == null ? List.<ContainerSpec.Mount>of() : spec.mounts()).stream().filter(m -> "volume".equals(m.type()) && m.source() != null).forEach(m -> volumes.add(m.source()));
        Container container = new Container(String.format("%064x", ++sequence), spec, image.id());
        containers.put(container.id, container);
        creates++;
        return container.id;
    }

    @Override
    public synchronized void startContainer(String id) {
        Container c = existing("start", id);
        if (c.running()) {
            return;
        }
        for (ContainerSpec.PortBinding port : ports(c)) {
            Optional<Container> holder = containers.values().stream().filter(o -> o != c && o.running())
                    .filter(o -> ports(o).stream().anyMatch(p -> sameHostPort(p, port))).findFirst();
            if (holder.isPresent()) {
                throw failed(new DockerFailure(Kind.CONFLICT, "Cannot start container " + id + ": conflict: driver failed "
                        + "programming external connectivity on endpoint " + c.name + ": Bind for 0.0.0.0:" + port.hostPort()
                        + " failed: port is already allocated"));
            }
        }
        starts++;
        if (exitingImages.contains(c.image)) {
            c.state = "exited";
            c.exitCode = 1;
            c.health = null;
            return;
        }
        c.state = "running";
        c.exitCode = 0;
        c.health = c.hasHealthcheck() ? unhealthyImages.containsKey(c.image) ? "unhealthy" : "healthy" : null;
        c.healthOutput = c.hasHealthcheck() ? unhealthyImages.getOrDefault(c.image, "") : null;
    }

    @Override
    public synchronized void stopContainer(String id, Duration grace) {
        request("stop " + nameOf(id), containers.get(id));
        Container c = containers.get(id);
        if (c == null || !c.running()) {
            return; // already stopped or gone: not an error
        }
        stops++;
        stopped.add(c.name + " " + grace.toMillis() + "ms");
        c.state = "exited";
        c.exitCode = 0;
        c.health = null;
        endFollows(id);
    }

    @Override
    public synchronized void removeContainer(String id) {
        request("remove " + nameOf(id), containers.get(id));
        if (containers.remove(id) != null) {
            removes++;
        }
        endFollows(id);
    }

    @Override
    public synchronized void renameContainer(String id, String newName) {
        Container c = existing("rename", id);
        if (c.name.equals(newName)) {
            throw failed(new DockerFailure(Kind.FAILED, "Error response from daemon: Renaming a container with the same"
                    + " name as its current name"));
        }
        Optional<Container> taken = byName(newName);
        if (taken.isPresent() && taken.get() != c) {
            throw failed(new DockerFailure(Kind.CONFLICT, "Cannot rename container " + id + " to " + newName
                    + ": conflict: Conflict. The container name \"/" + newName + "\" is already in use by container \""
                    + taken.get().id + "\"."));
        }
        renames++;
        c.name = newName;
    }

    @Override
    public synchronized void setRestartPolicy(String id, String policy) {
        Container c = existing("set restart policy of", id);
        restartPolicies++;
        c.restartPolicy = policy;
    }

    @Override
    public synchronized ExecResult exec(String id, List<String> command, InputStream stdin, OutputStream stdout, Duration deadline) {
        Container c = existing("exec in", id);
        if (!c.running()) {
            throw failed(new DockerFailure(Kind.CONFLICT, "Cannot run " + command.get(0) + " in container " + id
                    + ": conflict: container " + c.id + " is not running"));
        }
        try {
            return exec.run(c, command, stdin, stdout == null ? OutputStream.nullOutputStream() : stdout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized String logs(String id, int tail) {
        Container c = existing("read the logs of", id);
        return "logs of " + c.name + "\n" + logged.getOrDefault(c.image, "");
    }

    /** What every container of the image writes after its first line, as {@link #logs} returns it. */
    public synchronized FakeDockerEngine logs(String image, String text) {
        logged.put(image, text);
        return this;
    }

    /** The same line as {@link #logs}, then each line {@link #writes} gives it, until the container stops or goes. */
    @Override
    public synchronized AutoCloseable followLogs(String id, int tail, java.util.function.Consumer<String> line, Runnable ended) {
        Container c = existing("follow the logs of", id);
        line.accept("logs of " + c.name);
        if (!c.running()) {
            ended.run();
            return () -> { };
        }
        Follow follow = new Follow(line, ended);
        follows.computeIfAbsent(id, k -> new ArrayList<>()).add(follow);
        return () -> {
            synchronized (this) {
                List<Follow> open = follows.get(id);
                if (open != null) {
                    open.remove(follow);
                }
            }
        };
    }

    @Override
    public synchronized Optional<ContainerDetails> inspectContainer(String idOrName) {
        request("inspect " + idOrName, null);
        Container c = containers.get(idOrName);
        if (c == null) {
            c = byName(idOrName.startsWith("/") ? idOrName.substring(1) : idOrName).orElse(null);
        }
        if (c == null) {
            return Optional.empty();
        }
        return Optional.of(new ContainerDetails(c.id, c.name, c.image, c.imageId, c.state, c.running() ? c.health : null,
                c.running() ? c.healthOutput : null, c.restartCount, c.exitCode, c.restartPolicy, Map.of(), c.labels,
                "{\"Id\":\"" + c.id + "\",\"Name\":\"/" + c.name + "\"}"));
    }

    @Override
    public synchronized long requestCount() {
        return requests;
    }

    @Override
    public synchronized long errorCount() {
        return errors;
    }

    @Override
    public void close() {
    }

    // ---- inside ----

    /** Counts the call, and fails it when the engine is gone or a failure was injected for it. */
    private void request(String call, Container target) {
        requests++;
        calls.add(call);
        if (unreachable) {
            errors++;
            throw new DockerFailure(Kind.UNREACHABLE, "Docker engine at unix:///fake.sock is not reachable: cannot "
                    + call + ": ConnectException: Connection refused");
        }
        String operation = call.split(" ", 2)[0];
        for (Injected i : injected) {
            if (i.when().test(operation, target)) {
                injected.remove(i);
                throw failed(i.failure());
            }
        }
        for (Hook hook : hooks) {
            if (hook.when().test(operation, target)) {
                hooks.remove(hook);
                hook.action().run();
                return;
            }
        }
    }

    /** Counts the call; the container must exist, as the real engine answers 404 otherwise. */
    private Container existing(String operation, String id) {
        Container c = containers.get(id);
        request(operation.split(" ", 2)[0] + " " + nameOf(id), c);
        if (c == null) {
            throw failed(new DockerFailure(Kind.NOT_FOUND, "Cannot " + operation + " container " + id
                    + ": not found: No such container: " + id));
        }
        return c;
    }

    private DockerFailure failed(DockerFailure failure) {
        errors++;
        return failure;
    }

    private String nameOf(String id) {
        Container c = containers.get(id);
        return c == null ? id : c.name;
    }

    private Optional<Container> byName(String name) {
        return containers.values().stream().filter(c -> c.name.equals(name)).findFirst();
    }

    private static List<ContainerSpec.PortBinding> ports(Container c) {
        return c.spec.ports() == null ? List.of() : c.spec.ports();
    }

    private static boolean sameHostPort(ContainerSpec.PortBinding a, ContainerSpec.PortBinding b) {
        if (a.hostPort() == null || b.hostPort() == null || !a.hostPort().equals(b.hostPort())
                || !java.util.Objects.equals(a.protocol(), b.protocol())) {
            return false;
        }
        String ipA = a.hostIp() == null ? "" : a.hostIp();
        String ipB = b.hostIp() == null ? "" : b.hostIp();
        return ipA.isEmpty() || ipB.isEmpty() || ipA.equals(ipB);
    }

    static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
