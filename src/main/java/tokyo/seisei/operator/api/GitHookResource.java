package tokyo.seisei.operator.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import tokyo.seisei.operator.app.GitPoller;
import tokyo.seisei.operator.app.WebhookSecret;

/**
 * {@code POST /api/hooks/git}: the desired-state repository says a push happened. The signature is the
 * authentication (no bearer token): {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of the raw body with
 * the secret of {@code operator.git.webhook-secret-file}. A good one fetches now and queues a pass; a missing or bad
 * one is 401 and does nothing; with no secret configured there is no hook (404). The body is not read otherwise:
 * the branch followed is fetched whatever the push was.
 */
@Path("/api/hooks/git")
@Produces(MediaType.APPLICATION_JSON)
public class GitHookResource {

    static final String SIGNATURE = "X-Hub-Signature-256";

    @Inject
    WebhookSecret secret;

    @Inject
    GitPoller poller;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response push(@HeaderParam(SIGNATURE) String signature, byte[] body) {
        if (!secret.configured() || !poller.enabled()) {
            return error(Response.Status.NOT_FOUND, "no git webhook here: operator.git.webhook-secret-file is not set");
        }
        if (!secret.accepts(signature, body)) {
            return error(Response.Status.UNAUTHORIZED, "missing or wrong " + SIGNATURE
                    + " (sha256=<HMAC-SHA256 of the body with the secret of operator.git.webhook-secret-file>)");
        }
        poller.fetchNow();
        return Response.accepted(Map.of("accepted", true, "fetching", true)).build();
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).type(MediaType.APPLICATION_JSON).build();
    }
}
