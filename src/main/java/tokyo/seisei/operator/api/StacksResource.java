package tokyo.seisei.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tokyo.seisei.operator.app.ApiToken;
import tokyo.seisei.operator.app.Daemon;
import tokyo.seisei.operator.engine.Operations;
import tokyo.seisei.operator.model.Printable;
import tokyo.seisei.operator.model.StackName;
import tokyo.seisei.operator.model.StackStatus;
import tokyo.seisei.operator.store.FailedLogs;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/**
 * The daemon's HTTP API: reading needs nothing, changing needs {@code Authorization: Bearer <token>}. Errors
 * are {@code {"error": "..."}} with the status that fits.
 */
@Path("/api/stacks")
@Produces(MediaType.APPLICATION_JSON)
public class StacksResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The saved log of one service of the stack's last failed version. */
    public record FailedLog(String service, String log) {
    }

    /** The body of a pause request. */
    public record PauseRequest(String reason) {
    }

    @Inject
    StatusStore statuses;

    @Inject
    HistoryLog history;

    @Inject
    StateLayout layout;

    @Inject
    Operations operations;

    @Inject
    Daemon daemon;

    @Inject
    ApiToken token;

    @GET
    public List<StackStatus> list() {
        return statuses.readAll();
    }

    @GET
    @Path("/{name}")
    public Response get(@PathParam("name") String name) {
        if (!StackName.isValid(name)) {
            return unknown(name);
        }
        return statuses.read(name).map(s -> Response.ok(s).build()).orElseGet(() -> unknown(name));
    }

    @GET
    @Path("/{name}/history")
    public Response history(@PathParam("name") String name) {
        if (!known(name)) {
            return unknown(name);
        }
        return Response.ok(history.read().stream().filter(e -> name.equals(e.stack())).toList()).build();
    }

    @GET
    @Path("/{name}/events")
    public Response events(@PathParam("name") String name) throws IOException {
        if (!known(name)) {
            return unknown(name);
        }
        java.nio.file.Path file = layout.events(name);
        List<JsonNode> events = Files.exists(file)
                ? Files.readAllLines(file).stream().map(StacksResource::parse).flatMap(Optional::stream).toList()
                : List.of();
        return Response.ok(events).build();
    }

    /** What the containers of the stack's last failed version wrote, as {@code stackctl logs STACK --failed} shows it. */
    @GET
    @Path("/{name}/failed-logs")
    public Response failedLogs(@PathParam("name") String name) {
        if (!known(name)) {
            return unknown(name);
        }
        return Response.ok(new FailedLogs(layout).read(name).entrySet().stream()
                .map(e -> new FailedLog(e.getKey(), e.getValue())).toList()).build();
    }

    @POST
    @Path("/{name}/reconcile")
    public Response reconcile(@PathParam("name") String name, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return changing(name, auth, () -> {
            daemon.requestPass(name);
            return Response.accepted(Map.of("stack", name, "accepted", true)).build();
        });
    }

    @POST
    @Path("/{name}/pause")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response pause(@PathParam("name") String name, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                          String body) {
        return changing(name, auth, () -> {
            PauseRequest request;
            try {
                request = body == null || body.isBlank() ? null : JSON.readValue(body, PauseRequest.class);
            } catch (IOException e) {
                return error(Response.Status.BAD_REQUEST, "the request body is not the JSON expected, {\"reason\": \"...\"}: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
            if (request == null || request.reason() == null || request.reason().isBlank()) {
                return error(Response.Status.BAD_REQUEST, "a pause needs a reason: {\"reason\": \"...\"}");
            }
            operations.pause(name, request.reason(), "api");
            return Response.ok(Map.of("stack", name, "paused", true, "reason", request.reason())).build();
        });
    }

    @POST
    @Path("/{name}/resume")
    public Response resume(@PathParam("name") String name, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return changing(name, auth, () -> Response.ok(Map.of("stack", name, "resumed", operations.resume(name))).build());
    }

    @POST
    @Path("/{name}/retry")
    public Response retry(@PathParam("name") String name, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return changing(name, auth, () -> Response.ok(Map.of("stack", name,
                "retrying", operations.retry(name).orElse(""))).build());
    }

    /** The token first, then the stack: a caller without the token learns nothing, and nothing changes. */
    private Response changing(String name, String auth, java.util.function.Supplier<Response> change) {
        if (!token.accepts(auth)) {
            return error(Response.Status.UNAUTHORIZED, "missing or wrong bearer token (operator.api.token-file)");
        }
        if (!known(name)) {
            return unknown(name);
        }
        return change.get();
    }

    /**
     * A stack the operator has a status for. A name that breaks the stack name rule is unknown before any file
     * is looked at, so no name in a URL (an encoded slash, a NUL, {@code ..}) ever reaches a path.
     */
    private boolean known(String name) {
        return StackName.isValid(name) && statuses.read(name).isPresent();
    }

    private static Response unknown(String name) {
        return error(Response.Status.NOT_FOUND, StackName.isValid(name) ? "no stack named " + name
                : "no stack named '" + Printable.excerpt(name) + "': a stack name is " + StackName.RULE);
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).type(MediaType.APPLICATION_JSON).build();
    }

    private static Optional<JsonNode> parse(String line) {
        try {
            return Optional.of(JSON.readTree(line));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
