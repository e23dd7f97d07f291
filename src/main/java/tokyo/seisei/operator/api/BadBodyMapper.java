package tokyo.seisei.operator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** A request body that is not the JSON expected: 400 with what was wrong, and nothing changes. */
@Provider
public class BadBodyMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException e) {
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(Map.of("error", "the request body is not valid JSON: " + e.getOriginalMessage()))
                .type(MediaType.APPLICATION_JSON).build();
    }
}
