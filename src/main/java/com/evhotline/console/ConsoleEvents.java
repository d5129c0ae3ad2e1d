package com.evhotline.console;

import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;

/**
 * The live connection of a page (server-sent events): incoming calls, "the lists changed", and a comment
 * every so often so that proxies keep the connection open and a dead one is noticed. The browser
 * reconnects on its own after a drop.
 */
@Path("/console/events")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
public class ConsoleEvents {

    static final Duration KEEP_ALIVE = Duration.ofSeconds(25);
    /** How soon a browser reconnects after a drop. */
    static final long RECONNECT_MILLIS = 2_000;

    private final ConsoleFeed feed;
    private final SecurityIdentity identity;
    private final com.evhotline.security.Sessions sessions;

    public ConsoleEvents(ConsoleFeed feed, SecurityIdentity identity, com.evhotline.security.Sessions sessions) {
        this.feed = feed;
        this.identity = identity;
        this.sessions = sessions;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@Context Sse sse, @Context HttpHeaders headers) {
        CurrentUser user = CurrentUser.of(identity);
        ConsoleFeed.Viewer viewer = new ConsoleFeed.Viewer(user.staffId(), user.roles(), PageLocale.of(headers));
        // the first event opens the stream at once: the page knows it is live before anything happens
        Multi<OutboundSseEvent> hello = Multi.createFrom().item(() -> sse.newEventBuilder().name("live")
                .reconnectDelay(RECONNECT_MILLIS).data("").build());
        Multi<OutboundSseEvent> pushes = feed.of(viewer)
                .map(p -> sse.newEventBuilder().name(p.name()).data(p.in(viewer.lang())).build());
        // the stream ends with its session (logout elsewhere, new password, a leaver): the browser reconnects to the login
        String session = identity.getPrincipal().getName();
        Multi<OutboundSseEvent> alive = Multi.createFrom().ticks().every(KEEP_ALIVE)
                .onItem().transformToUniAndConcatenate(t -> sessions.stillValid(session))
                .map(valid -> {
                    if (!valid) {
                        throw new IllegalStateException("the session of this page ended");
                    }
                    return sse.newEventBuilder().comment("alive").build();
                });
        return Multi.createBy().concatenating().streams(hello, Multi.createBy().merging().streams(pushes, alive));
    }
}
