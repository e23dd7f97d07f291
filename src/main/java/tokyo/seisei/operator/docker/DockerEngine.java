package tokyo.seisei.operator.docker;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The narrow view of the Docker engine that the operator needs. The only implementation that talks to a
 * real engine is {@link DockerJavaEngine}; unit tests use an in-memory fake.
 *
 * <p>Every method throws {@link DockerFailure} when the engine refuses or cannot be reached.
 */
public interface DockerEngine extends AutoCloseable {

    /** Label carried by every container the operator manages; its value is the stack name. */
    String STACK_LABEL = "tokyo.seisei.operator.stack";

    /** Label {@code docker compose} puts on what it makes; its value is the project name. */
    String COMPOSE_PROJECT_LABEL = "com.docker.compose.project";

    /** Server version, negotiated API version and data root. Also proves the engine answers. */
    EngineInfo info();

    /**
     * Every container, running or not, that carries {@link #STACK_LABEL}, and every container {@code docker compose}
     * made ({@link #COMPOSE_PROJECT_LABEL} without {@link #STACK_LABEL}: a project the operator may take over), in
     * one API request whatever the number of stacks.
     */
    List<ContainerSummary> listManagedContainers();

    /** Every container, running or not, that carries the label, whatever its value. */
    List<ContainerSummary> listContainersLabelled(String label);

    /** The containers of one stack (a Compose project of its name included), from the same single list call. */
    default List<ContainerSummary> listStackContainers(String stack) {
        return listManagedContainers().stream().filter(c -> stack.equals(c.stack())).toList();
    }

    /**
     * Pulls a reference that has a tag or a digest; fails on any error reported inside the stream.
     *
     * @param platform os/arch[/variant] to pull from a multi-platform image, or null for the engine's own
     */
    void pull(String imageRef, String platform);

    /** Pulls for the engine's own platform. */
    default void pull(String imageRef) {
        pull(imageRef, null);
    }

    /** The local image for a reference, or empty when it is not present on this host. */
    Optional<ImageInfo> inspectImage(String imageRef);

    /** Every local image, tagged or not, in one request. */
    List<ImageSummary> listImages();

    /** The ids of the images of every container on the engine, running or not, managed or not; one request. */
    java.util.Set<String> imageIdsInUse();

    /**
     * Removes an image by id, never forced: the engine refuses ({@link DockerFailure.Kind#CONFLICT}) while a
     * container uses it or while it carries tags of several repositories. No error if it is already gone.
     */
    void removeImage(String id);

    boolean networkExists(String name);

    /** Creates a bridge network; on the engine's default address pools when {@code ipam} is null. */
    void createNetwork(String name, Map<String, String> labels, NetworkIpam ipam);

    default void createNetwork(String name, Map<String, String> labels) {
        createNetwork(name, labels, null);
    }

    /** Every network on the engine, by name, with the IPv4 and IPv6 subnets it holds; one request. */
    Map<String, List<String>> networkSubnets();

    boolean volumeExists(String name);

    void createVolume(String name, Map<String, String> labels);

    /** Creates (does not start) a container, attached to all of the spec's networks; returns its id. */
    String createContainer(ContainerSpec spec);

    void startContainer(String id);

    /** Stops a container, giving it the grace period before it is killed; no error if already stopped. */
    void stopContainer(String id, Duration grace);

    /** Removes a container and its anonymous volumes; no error if it is already gone. */
    void removeContainer(String id);

    void renameContainer(String id, String newName);

    /** Sets a container's restart policy; a container kept for rollback gets "no", so a daemon restart leaves it stopped. */
    void setRestartPolicy(String id, String policy);

    /**
     * Runs a command in a running container, without a TTY, so binary output stays intact.
     *
     * @param stdin    fed to the command, or null for none
     * @param stdout   receives the command's stdout as it comes, or null to discard it
     * @param deadline the command is abandoned, and this fails, after it
     * @throws java.io.UncheckedIOException when {@code stdout} cannot be written (a full disk): the command is
     *                                      abandoned, and the failure is not the engine's
     */
    ExecResult exec(String id, List<String> command, InputStream stdin, OutputStream stdout, Duration deadline);

    /** The last {@code tail} lines a container wrote to stdout and stderr, as they were written. */
    String logs(String id, int tail);

    /**
     * Follows what a container writes to stdout and stderr, as {@code docker logs -f}: its last {@code tail} lines,
     * then each line as it is written, each whole and without its newline, until closed or the stream ends (the
     * container stopped or went, or the engine went away): then {@code ended} runs, once.
     */
    AutoCloseable followLogs(String id, int tail, java.util.function.Consumer<String> line, Runnable ended);

    /** Full state of one container, or empty when it does not exist. */
    Optional<ContainerDetails> inspectContainer(String idOrName);

    /**
     * Streams what happens to the containers of a stack, managed or made by Compose, until closed or the stream ends
     * (the engine went away: {@code ended} runs, and the caller watches again once it is back). {@code connected} runs
     * once the engine answered, before any event.
     */
    default AutoCloseable watchContainers(Runnable connected, java.util.function.Consumer<ContainerEvent> listener,
                                          Runnable ended) {
        return () -> { };
    }

    /** Number of HTTP requests sent to the engine since this object was made (for tests and metrics). */
    long requestCount();

    /** Number of engine requests that failed (refused, or the engine unreachable) since this object was made. */
    long errorCount();

    @Override
    void close();
}
