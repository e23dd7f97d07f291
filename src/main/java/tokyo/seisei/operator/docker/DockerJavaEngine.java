package tokyo.seisei.operator.docker;

import static tokyo.seisei.operator.docker.DockerFailure.Kind.FAILED;
import static tokyo.seisei.operator.docker.DockerFailure.Kind.UNAUTHORIZED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.CreateNetworkCmd;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import tokyo.seisei.operator.model.ImageReference;

/**
 * {@link DockerEngine} on docker-java with the Apache httpclient5 transport.
 *
 * <p>The API version is negotiated lazily, at the first call, and again at later calls for as long as the engine
 * could not be reached: constructing this object never talks to the engine. Two transports share one request
 * counter: one with a response timeout for short calls, one without for pulls and stops, which legitimately
 * take long. A short call, a stop and an exec each have a deadline of their own as well ({@link CallDeadline}): on a
 * unix socket, the transport's response timeout does nothing, and an engine that hangs would hold the caller for ever.
 * The negotiation's {@code GET /version} is counted too: {@link #requestCount()} is every request this object sent.
 */
public final class DockerJavaEngine implements DockerEngine {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration PULL_DEADLINE = Duration.ofMinutes(10);

    private final String host;
    private final RegistryCredentials credentials;
    private final AtomicLong requests = new AtomicLong();
    private final DockerHttpClient shortCalls;
    private final DockerHttpClient longCalls;
    private final EngineFailures failures;
    /** The response timeout of the short calls on any transport: on a unix socket, the transport's own does nothing. */
    private final CallDeadline quickDeadline;
    /** Without nulls: docker-java's model has fields the engine does not send, which would show up as null. */
    private final ObjectMapper json = DockerClientConfig.getDefaultObjectMapper().copy()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private volatile Clients clients;

    /** The negotiated version and the two clients speaking it. */
    private record Clients(String apiVersion, DockerClient quick, DockerClient slow) {
    }

    /**
     * Connects to DOCKER_HOST (or the docker context), defaulting to unix:///var/run/docker.sock; pulls with the
     * credentials of the Docker config of the user the operator runs as.
     */
    public static DockerJavaEngine connect() {
        return connect(RegistryCredentials.fromEnvironment(Optional.empty()));
    }

    /** The same, pulling with the credentials given. */
    public static DockerJavaEngine connect(RegistryCredentials credentials) {
        return new DockerJavaEngine(DefaultDockerClientConfig.createDefaultConfigBuilder().build(), credentials);
    }

    /** @param dockerHost e.g. unix:///var/run/docker.sock or tcp://127.0.0.1:2375 */
    public DockerJavaEngine(String dockerHost) {
        this(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build(),
                RegistryCredentials.fromEnvironment(Optional.empty()));
    }

    private DockerJavaEngine(DockerClientConfig config, RegistryCredentials credentials) {
        this.host = config.getDockerHost().toString();
        this.credentials = credentials;
        this.failures = new EngineFailures(host);
        this.quickDeadline = deadline(RESPONSE_TIMEOUT);
        this.shortCalls = transport(config, RESPONSE_TIMEOUT);
        this.longCalls = transport(config, null);
    }

    private DockerHttpClient transport(DockerClientConfig config, Duration responseTimeout) {
        ApacheDockerHttpClient.Builder builder = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(tlsOf(config))
                .connectionTimeout(CONNECT_TIMEOUT);
        if (responseTimeout != null) {
            builder.responseTimeout(responseTimeout);
        }
        return new CountingHttpClient(builder.build(), requests);
    }

    /**
     * Given no TLS settings, docker-java sets up the JVM's default TLS for any transport, which reads the CA store:
     * a tenth of a second of every start. A unix socket never speaks TLS, so it gets a context that is never
     * initialised and costs nothing; a tcp host keeps what its settings say.
     */
    static SSLConfig tlsOf(DockerClientConfig config) {
        if (config.getSSLConfig() == null && "unix".equals(config.getDockerHost().getScheme())) {
            return () -> SSLContext.getInstance("TLS");
        }
        return config.getSSLConfig();
    }

    private Clients clients() {
        Clients current = clients;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (clients == null) {
                clients = negotiate();
            }
            return clients;
        }
    }

    private Clients negotiate() {
        // docker-java parses the Docker config at each pull; what it finds there is never sent (see pull), but it reads
        // the same file as the credentials
        String dockerConfig = credentials.configFile().getParent().toString();
        DefaultDockerClientConfig unversioned = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host).withDockerConfig(dockerConfig).build();
        // Not closed: closing a DockerClientImpl closes its transport, which the real clients reuse.
        DockerClient bootstrap = DockerClientImpl.getInstance(unversioned, shortCalls);
        Version version;
        try {
            version = quickDeadline.run("negotiate the API version", () -> bootstrap.versionCmd().exec());
        } catch (RuntimeException e) {
            throw failures.translate("negotiate the API version", e);
        }
        String apiVersion;
        try {
            apiVersion = ApiVersionNegotiation.choose(version.getApiVersion(), version.getMinAPIVersion());
        } catch (IllegalArgumentException e) {
            throw new DockerFailure(FAILED, "Cannot negotiate the API version with the Docker engine at " + host
                    + ": " + e.getMessage(), e);
        }
        DefaultDockerClientConfig versioned = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host).withDockerConfig(dockerConfig).withApiVersion(apiVersion).build();
        return new Clients(apiVersion, DockerClientImpl.getInstance(versioned, shortCalls),
                DockerClientImpl.getInstance(versioned, longCalls));
    }

    private CallDeadline deadline(Duration limit) {
        return new CallDeadline(limit, "Docker engine at " + host);
    }

    /** Runs one call on the short-timeout client, within the response timeout, and translates whatever it throws. */
    private <T> T quick(String operation, Function<DockerClient, T> call) {
        return onTime(operation, () -> call.apply(clients().quick()));
    }

    /** Runs one call within the response timeout and translates whatever it throws. */
    private <T> T onTime(String operation, Supplier<T> call) {
        return quickDeadline.run(operation, () -> run(operation, call));
    }

    private <T> T slow(String operation, Function<DockerClient, T> call) {
        return run(operation, () -> call.apply(clients().slow()));
    }

    /** Runs one call on the client without a response timeout, within the deadline given. */
    private <T> T slow(String operation, Duration deadline, Function<DockerClient, T> call) {
        return deadline(deadline).run(operation, () -> slow(operation, call));
    }

    private <T> T run(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw failures.translate(operation, e);
        }
    }

    @Override
    public EngineInfo info() {
        Info info = quick("read engine info", c -> c.infoCmd().exec());
        return new EngineInfo(info.getServerVersion(), clients().apiVersion(), info.getDockerRootDir());
    }

    @Override
    public List<ContainerSummary> listManagedContainers() {
        // no label filter: the engine ANDs label filters, and the operator's and Compose's containers are wanted
        // in the one request; the others are left out here
        return listContainers("list managed containers", null).stream().filter(c -> c.stack() != null).toList();
    }

    @Override
    public List<ContainerSummary> listContainersLabelled(String label) {
        return listContainers("list containers labelled " + label, label);
    }

    /** Every container, stopped ones too (only those carrying the label, unless it is null), in one request. */
    private List<ContainerSummary> listContainers(String operation, String label) {
        return onTime(operation, () -> ContainerListCall.list(shortCalls, clients().apiVersion(), label));
    }

    @Override
    public void pull(String imageRef, String platform) {
        ImageReference ref = ImageReference.parse(imageRef);
        if (!ref.pinned() || ref.name().isBlank()) {
            throw new DockerFailure(FAILED, "Cannot pull image " + imageRef
                    + ": the reference has neither a tag nor a digest (that would pull every tag)");
        }
        String operation = "pull image " + imageRef + (platform == null ? "" : " for " + platform);
        RegistryCredentials.Lookup lookup;
        try {
            lookup = credentials.forImage(imageRef);
        } catch (CredentialsUnavailable e) {
            throw new DockerFailure(UNAUTHORIZED, "Cannot " + operation + ": no credentials: " + e.getMessage(), e);
        }
        AuthConfig auth = lookup.login().map(DockerJavaEngine::authConfig).orElse(null);
        // with both, the digest pins the content and the tag is only a name
        String tagOrDigest = ref.digest() != null ? ref.digest() : ref.tag();
        try {
            pull(operation, ref.name(), tagOrDigest, platform, auth);
        } catch (DockerFailure e) {
            if (e.kind() != UNAUTHORIZED) {
                throw e;
            }
            throw new DockerFailure(UNAUTHORIZED, e.getMessage() + "; " + credentials.refusalAdvice(lookup), e);
        }
        if (inspectImage(imageRef).isEmpty()) {
            throw new DockerFailure(FAILED, "Cannot " + operation
                    + ": the engine reported success but the image is not present");
        }
    }

    /** With the credentials given, or none (null): never the ones docker-java would find by itself. */
    private void pull(String operation, String name, String tagOrDigest, String platform, AuthConfig auth) {
        slow(operation, c -> {
            PullCallback callback = c.pullImageCmd(name).withTag(tagOrDigest).withPlatform(platform).withAuthConfig(auth)
                    .exec(new PullCallback());
            try (callback) {
                if (!callback.awaitCompletion(PULL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new DockerFailure(FAILED, "Cannot " + operation + ": not finished after "
                            + PULL_DEADLINE.toMinutes() + " minutes");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DockerFailure(FAILED, "Cannot " + operation + ": interrupted", e);
            } catch (IOException e) {
                // closing the finished stream failed: nothing to undo
            }
            if (callback.failure() != null) {
                throw failures.translate(operation, callback.failure());
            }
            return null;
        });
    }

    private static AuthConfig authConfig(RegistryLogin login) {
        return new AuthConfig().withRegistryAddress(login.serverAddress()).withUsername(login.username())
                .withPassword(login.password()).withIdentityToken(login.identityToken());
    }

    @Override
    public Optional<ImageInfo> inspectImage(String imageRef) {
        return quick("inspect image " + imageRef, c -> {
            try {
                InspectImageResponse image = c.inspectImageCmd(imageRef).exec();
                List<String> digests = image.getRepoDigests() == null ? List.of() : List.copyOf(image.getRepoDigests());
                return Optional.of(new ImageInfo(image.getId(), digests));
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public List<ImageSummary> listImages() {
        List<Image> images = quick("list images", c -> c.listImagesCmd().withShowAll(false).exec());
        return images.stream().map(i -> new ImageSummary(i.getId(), named(i.getRepoTags()), named(i.getRepoDigests()),
                i.getSize() == null ? 0 : i.getSize())).toList();
    }

    /** The names an image carries, without the "<none>:<none>" and "<none>@<none>" of an untagged one. */
    private static List<String> named(String[] names) {
        return names == null ? List.of() : Arrays.stream(names).filter(n -> !n.startsWith("<none>")).toList();
    }

    @Override
    public java.util.Set<String> imageIdsInUse() {
        return listContainers("list containers", null).stream().map(ContainerSummary::imageId)
                .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public void removeImage(String id) {
        quick("remove image " + id, c -> {
            try {
                return c.removeImageCmd(id).withForce(false).withNoPrune(false).exec();
            } catch (NotFoundException alreadyGone) {
                return null;
            }
        });
    }

    @Override
    public boolean networkExists(String name) {
        return quick("inspect network " + name, c -> {
            try {
                // inspect also resolves id prefixes: make sure it is this very name
                return name.equals(c.inspectNetworkCmd().withNetworkId(name).exec().getName());
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public void createNetwork(String name, Map<String, String> labels, NetworkIpam ipam) {
        quick("create network " + name, c -> {
            CreateNetworkCmd cmd = c.createNetworkCmd()
                    .withName(name)
                    .withDriver("bridge")
                    .withLabels(labels == null ? Map.of() : labels)
                    .withCheckDuplicate(true); // before API 1.44 the engine otherwise accepts a second network of that name
            if (ipam != null) {
                cmd.withIpam(new Network.Ipam().withDriver(ipam.driver() == null ? "default" : ipam.driver())
                        .withConfig(ipam.pools().stream().map(p -> new Network.Ipam.Config().withSubnet(p.subnet())
                                .withIpRange(p.ipRange()).withGateway(p.gateway())).toList()));
            }
            return cmd.exec();
        });
    }

    @Override
    public Map<String, List<String>> networkSubnets() {
        return quick("list networks", c -> {
            Map<String, List<String>> subnets = new TreeMap<>();
            for (Network network : c.listNetworksCmd().exec()) {
                List<Network.Ipam.Config> configs = network.getIpam() == null || network.getIpam().getConfig() == null
                        ? List.of() : network.getIpam().getConfig();
                subnets.put(network.getName(), configs.stream().map(Network.Ipam.Config::getSubnet)
                        .filter(Objects::nonNull).toList());
            }
            return subnets;
        });
    }

    @Override
    public boolean volumeExists(String name) {
        return quick("inspect volume " + name, c -> {
            try {
                c.inspectVolumeCmd(name).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        quick("create volume " + name, c -> c.createVolumeCmd()
                .withName(name)
                .withLabels(labels == null ? Map.of() : labels)
                .exec());
    }

    @Override
    public String createContainer(ContainerSpec spec) {
        String id = quick("create container " + spec.name(), c -> {
            CreateContainerCmd cmd = CreateContainerMapping.apply(spec, c.createContainerCmd(spec.image()));
            return cmd.exec().getId();
        });
        try {
            List<ContainerSpec.NetworkAttachment> networks = spec.networks() == null ? List.of() : spec.networks();
            for (ContainerSpec.NetworkAttachment network : networks.subList(Math.min(1, networks.size()),
                    networks.size())) {
                connect(spec.name(), id, network);
            }
        } catch (DockerFailure failure) {
            try {
                removeContainer(id);
            } catch (DockerFailure cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        return id;
    }

    private void connect(String containerName, String id, ContainerSpec.NetworkAttachment network) {
        ContainerNetwork endpoint = new ContainerNetwork();
        if (network.aliases() != null && !network.aliases().isEmpty()) {
            endpoint.withAliases(network.aliases());
        }
        quick("connect container " + containerName + " to network " + network.network(), c -> c.connectToNetworkCmd()
                .withContainerId(id)
                .withNetworkId(network.network())
                .withContainerNetwork(endpoint)
                .exec());
    }

    @Override
    public void startContainer(String id) {
        quick("start container " + id, c -> {
            try {
                return c.startContainerCmd(id).exec();
            } catch (NotModifiedException alreadyRunning) {
                return null;
            }
        });
    }

    /** On the client without a response timeout, within a deadline of its own: the grace period and the response timeout. */
    @Override
    public void stopContainer(String id, Duration grace) {
        int seconds = (int) Math.max(0, (grace.toMillis() + 999) / 1000);
        String operation = "stop container " + id;
        slow(operation, grace.plus(RESPONSE_TIMEOUT), c -> {
            try {
                return c.stopContainerCmd(id).withTimeout(seconds).exec();
            } catch (NotModifiedException | NotFoundException alreadyStoppedOrGone) {
                return null;
            }
        });
    }

    @Override
    public void removeContainer(String id) {
        quick("remove container " + id, c -> {
            try {
                // removes anonymous volumes only: the engine never removes named volumes with a container
                return c.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException alreadyGone) {
                return null;
            }
        });
    }

    @Override
    public void renameContainer(String id, String newName) {
        quick("rename container " + id + " to " + newName, c -> c.renameContainerCmd(id).withName(newName).exec());
    }

    @Override
    public void setRestartPolicy(String id, String policy) {
        quick("set restart policy of container " + id, c -> c.updateContainerCmd(id)
                .withRestartPolicy(restartPolicyOf(policy)).exec());
    }

    /**
     * docker-java writes "no" as an empty name, which an update leaves unchanged: the engine must be told
     * "no" in so many words to drop an "always" or "unless-stopped".
     */
    private RestartPolicy restartPolicyOf(String policy) {
        if (!"no".equals(policy)) {
            return RestartPolicy.parse(policy);
        }
        try {
            return json.readValue("{\"Name\":\"no\",\"MaximumRetryCount\":0}", RestartPolicy.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ExecResult exec(String id, List<String> command, InputStream stdin, OutputStream stdout, Duration deadline) {
        String operation = "run " + command.get(0) + " in container " + id;
        long until = System.nanoTime() + deadline.toNanos();
        // the stream has the deadline given; creating and inspecting the exec, the response timeout after it
        Finished finished = slow(operation, deadline.plus(RESPONSE_TIMEOUT), c -> {
            String execId = c.execCreateCmd(id).withAttachStdout(true).withAttachStderr(true)
                    .withAttachStdin(stdin != null).withTty(false).withCmd(command.toArray(String[]::new))
                    .exec().getId();
            if (stdin != null) {
                return new Finished(startWithStdin(operation, execId, stdin, stdout, deadline), exitCode(c, execId, until));
            }
            ExecCallback callback = c.execStartCmd(execId).withDetach(false).withTty(false)
                    .exec(new ExecCallback(stdout));
            try (callback) {
                if (!callback.awaitCompletion(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new DockerFailure(FAILED, "Cannot " + operation + ": not finished after "
                            + deadline.toSeconds() + "s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DockerFailure(FAILED, "Cannot " + operation + ": interrupted", e);
            } catch (IOException e) {
                // closing the finished stream failed: nothing to undo
            }
            if (callback.outputFailure() != null) {
                return new Finished(callback, -1); // the caller's output failed, not the engine: reported below
            }
            if (callback.failure() != null) {
                throw failures.translate(operation, callback.failure());
            }
            return new Finished(callback, exitCode(c, execId, until));
        });
        if (finished.callback().outputFailure() != null) {
            IOException e = finished.callback().outputFailure();
            throw new UncheckedIOException("cannot write the output of " + String.join(" ", command) + " in container "
                    + id + ": " + e.getMessage(), e);
        }
        return new ExecResult(finished.exitCode(), stderr(finished));
    }

    /** The start of an exec that reads stdin, on a connection of its own that can close its write side. */
    private ExecCallback startWithStdin(String operation, String execId, InputStream stdin, OutputStream stdout,
                                        Duration deadline) {
        ExecCallback callback = new ExecCallback(stdout);
        requests.incrementAndGet();
        try {
            if (!StdinExec.run(host, clients().apiVersion(), execId, stdin, callback, deadline)) {
                throw new DockerFailure(FAILED, "Cannot " + operation + ": not finished after " + deadline.toSeconds() + "s");
            }
        } catch (IOException e) {
            throw failures.translate(operation, e);
        }
        return callback;
    }

    /**
     * What the command wrote to stderr; or, when the engine could not start it at all (126, 127), the engine's
     * reason, which it writes into the stdout stream ("OCI runtime exec failed: ... executable file not found").
     */
    private static String stderr(Finished finished) {
        String stderr = finished.callback().stderr();
        if (stderr.isEmpty() && (finished.exitCode() == 126 || finished.exitCode() == 127)) {
            String head = finished.callback().stdoutHead();
            if (head.startsWith("OCI runtime")) {
                return head;
            }
        }
        return stderr;
    }

    private record Finished(ExecCallback callback, long exitCode) {
    }

    /**
     * The exit code, once the engine has recorded it. The stream can end a moment before the engine marks the
     * exec as finished, so a "still running" answer is asked again, until the deadline.
     */
    private static long exitCode(DockerClient c, String execId, long until) {
        while (true) {
            InspectExecResponse exec = c.inspectExecCmd(execId).exec();
            if (exec.getExitCodeLong() != null && !Boolean.TRUE.equals(exec.isRunning())) {
                return exec.getExitCodeLong();
            }
            if (System.nanoTime() - until > 0) {
                return -1;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    @Override
    public String logs(String id, int tail) {
        String operation = "read the logs of container " + id;
        return slow(operation, c -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ResultCallback.Adapter<Frame> callback = c.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .withTail(tail).withFollowStream(false)
                    .exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.writeBytes(frame.getPayload());
                        }
                    });
            try (callback) {
                if (!callback.awaitCompletion(RESPONSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new DockerFailure(FAILED, "Cannot " + operation + ": not finished after "
                            + RESPONSE_TIMEOUT.toSeconds() + "s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DockerFailure(FAILED, "Cannot " + operation + ": interrupted", e);
            } catch (IOException e) {
                // closing the finished stream failed: nothing to undo
            }
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        });
    }

    /** On the client without a response timeout: a quiet container's follow must not be cut after 30 s. */
    @Override
    public AutoCloseable followLogs(String id, int tail, Consumer<String> line, Runnable ended) {
        LogLines stdout = new LogLines(line);
        LogLines stderr = new LogLines(line);
        AtomicBoolean over = new AtomicBoolean();
        Runnable end = () -> {
            if (over.compareAndSet(false, true)) {
                stdout.flush();
                stderr.flush();
                ended.run();
            }
        };
        ResultCallback.Adapter<Frame> stream = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).accept(frame.getPayload());
            }

            @Override
            public void onError(Throwable failure) {
                // a cut stream: the engine went away, or the follow was closed; either way it is over
                try {
                    close();
                } catch (IOException ignored) {
                    // already closed
                }
                end.run();
            }

            @Override
            public void onComplete() {
                super.onComplete();
                end.run();
            }
        };
        return run("follow the logs of container " + id, () -> clients().slow().logContainerCmd(id).withStdOut(true)
                .withStdErr(true).withTail(tail).withFollowStream(true).exec(stream));
    }

    @Override
    public Optional<ContainerDetails> inspectContainer(String idOrName) {
        return quick("inspect container " + idOrName, c -> {
            try {
                return Optional.of(details(c.inspectContainerCmd(idOrName).exec()));
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    private ContainerDetails details(InspectContainerResponse r) {
        InspectContainerResponse.ContainerState state = r.getState();
        String name = r.getName() != null && r.getName().startsWith("/") ? r.getName().substring(1) : r.getName();
        Map<String, String> labels = r.getConfig() == null || r.getConfig().getLabels() == null
                ? Map.of() : Map.copyOf(r.getConfig().getLabels());
        return new ContainerDetails(
                r.getId(),
                name,
                r.getConfig() == null ? null : r.getConfig().getImage(),
                r.getImageId(),
                state == null ? null : state.getStatus(),
                state == null || state.getHealth() == null ? null : state.getHealth().getStatus(),
                lastHealthOutput(state),
                r.getRestartCount() == null ? 0 : r.getRestartCount(),
                state == null ? null : state.getExitCode(),
                restartPolicy(r),
                anonymousVolumes(r),
                labels,
                toJson(r));
    }

    /** What the latest probe of the container's healthcheck printed: the last entry of the engine's health log. */
    private static String lastHealthOutput(InspectContainerResponse.ContainerState state) {
        if (state == null || state.getHealth() == null || state.getHealth().getLog() == null
                || state.getHealth().getLog().isEmpty()) {
            return null;
        }
        List<HealthStateLog> log = state.getHealth().getLog();
        return log.get(log.size() - 1).getOutput();
    }

    /** Volumes named by the engine (64 hex digits), by mount path: what a replacement must take over to keep its data. */
    private static Map<String, String> anonymousVolumes(InspectContainerResponse r) {
        Map<String, String> volumes = new java.util.LinkedHashMap<>();
        if (r.getMounts() != null) {
            for (InspectContainerResponse.Mount mount : r.getMounts()) {
                String name = mount.getName();
                if (name != null && name.matches("[0-9a-f]{64}") && mount.getDestination() != null) {
                    volumes.put(mount.getDestination().getPath(), name);
                }
            }
        }
        return volumes;
    }

    private static String restartPolicy(InspectContainerResponse r) {
        RestartPolicy policy = r.getHostConfig() == null ? null : r.getHostConfig().getRestartPolicy();
        if (policy == null || policy.getName() == null || policy.getName().isEmpty()) {
            return "no";
        }
        Integer retries = policy.getMaximumRetryCount();
        return "on-failure".equals(policy.getName()) && retries != null && retries > 0
                ? "on-failure:" + retries : policy.getName();
    }

    private String toJson(InspectContainerResponse response) {
        try {
            return json.writeValueAsString(response);
        } catch (JsonProcessingException e) {
            throw new DockerFailure(FAILED, "Cannot serialize the inspect response of container "
                    + response.getId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long requestCount() {
        return requests.get();
    }

    @Override
    public long errorCount() {
        return failures.count();
    }

    @Override
    public void close() {
        for (DockerHttpClient transport : List.of(shortCalls, longCalls)) {
            try {
                transport.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    @Override
    public String toString() {
        Clients current = clients;
        return "DockerJavaEngine[" + host + ", API " + (current == null ? "not negotiated" : current.apiVersion()) + "]";
    }

    @Override
    public AutoCloseable watchContainers(Runnable connected, java.util.function.Consumer<ContainerEvent> listener,
                                         Runnable ended) {
        ResultCallback.Adapter<Event> stream = new ResultCallback.Adapter<>() {
            @Override
            public void onStart(Closeable response) {
                super.onStart(response);
                connected.run();
            }

            @Override
            public void onNext(Event event) {
                String action = event.getAction() != null ? event.getAction() : event.getStatus();
                Map<String, String> labels = event.getActor() == null || event.getActor().getAttributes() == null
                        ? Map.of() : event.getActor().getAttributes();
                if (ContainerSummary.stackOf(labels) != null) {
                    listener.accept(new ContainerEvent(action, labels));
                }
            }

            @Override
            public void onError(Throwable failure) {
                // a cut stream is how the engine going away (or our own shutdown) shows: the watcher decides what follows
                try {
                    close();
                } catch (IOException ignored) {
                    // already closed
                }
                ended.run();
            }

            @Override
            public void onComplete() {
                super.onComplete();
                ended.run();
            }
        };
        // every container's events: the engine's label filters must all match, and a stack's containers carry either
        // its label or their Compose project's
        return run("watch container events", () -> clients().slow().eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER).exec(stream));
    }
}
