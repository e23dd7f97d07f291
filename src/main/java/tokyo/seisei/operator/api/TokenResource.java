package tokyo.seisei.operator.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import tokyo.seisei.operator.app.ApiToken;

/**
 * {@code GET /api/token}: whether the bearer token given is the API's ({@code 200}) or not ({@code 401}); it
 * changes nothing. The status page asks it once when a person enters the token, so a wrong one is told at once.
 */
@Path("/api/token")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    @Inject
    ApiToken token;

    @GET
    public Response check(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        if (!token.accepts(auth)) {
            return Response.status(Response.Status.UNAUTHORIZED)
                    .entity(Map.of("error", "missing or wrong bearer token (operator.api.token-file)")).build();
        }
        return Response.ok(Map.of("accepted", true)).build();
    }
}
