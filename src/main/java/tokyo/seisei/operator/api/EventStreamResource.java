package tokyo.seisei.operator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import tokyo.seisei.operator.app.StatusFeed;

/**
 * {@code GET /api/events/stream}: Server-Sent Events, one event a change of a stack's status, needing nothing.
 * Events: {@code hello} (data: the feed's id), {@code snapshot} ({@code {id, stacks, pass}}: every status, sent
 * when the id the client gives as {@code Last-Event-ID} or {@code ?since=} is not the feed's), {@code stack}
 * (one status, as {@code GET /api/stacks/{name}} has it), {@code removed} (a stack name) and {@code pass}
 * ({@code {finishedAt, tookMs, complete}}). Every event but the keepalive comment carries the feed's id.
 */
@Path("/api/events/stream")
public class EventStreamResource {

    /** How long a browser waits before it connects again after the stream broke. */
    static final long RECONNECT_MILLIS = 2000;

    @Inject
    StatusFeed feed;

    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context SseEventSink sink, @Context Sse sse, @HeaderParam("Last-Event-ID") String lastEventId,
                       @QueryParam("since") String since) {
        AtomicBoolean broken = new AtomicBoolean();
        feed.subscribe(update -> {
            if (broken.get() || sink.isClosed()) {
                return false;
            }
            sink.send(event(sse, update)).whenComplete((done, failure) -> {
                if (failure != null) {
                    broken.set(true);
                    sink.close();
                }
            });
            return true;
        }, lastEventId != null && !lastEventId.isBlank() ? lastEventId : since);
    }

    private OutboundSseEvent event(Sse sse, StatusFeed.Update update) {
        if (update.kind() == StatusFeed.Kind.KEEPALIVE) {
            return sse.newEventBuilder().comment("keepalive").build();
        }
        OutboundSseEvent.Builder event = sse.newEventBuilder().name(update.kind().name().toLowerCase(Locale.ROOT))
                .id(update.id()).data(text(update.data()));
        if (update.kind() == StatusFeed.Kind.HELLO) {
            event.reconnectDelay(RECONNECT_MILLIS);
        }
        return event.build();
    }

    private String text(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
