package com.evhotline.delivery;

import com.evhotline.notification.Outbox;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The acknowledgement link of an SMS or e-mail. {@code GET} only shows what would be acknowledged, with a
 * button (a link previewer fetching the page changes nothing); {@code POST} acknowledges, once. A forged,
 * reused or expired link gets a page that says so, and nothing changes. The link is its own credential: it
 * names one message to one person and only the service can sign one.
 */
@Path("/ack/{token}")
@PermitAll // the link is its own credential
@Produces(MediaType.TEXT_HTML)
public class AckResource {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final AckLinks links;
    private final Outbox outbox;
    private final Acknowledgements acknowledgements;
    private final Template ack;
    private final Clock clock;
    private final ZoneId zone;

    public AckResource(AckLinks links, Outbox outbox, Acknowledgements acknowledgements, Template ack, Clock clock,
            ZoneId zone) {
        this.links = links;
        this.outbox = outbox;
        this.acknowledgements = acknowledgements;
        this.ack = ack;
        this.clock = clock;
        this.zone = zone;
    }

    @GET
    public Uni<Response> show(@PathParam("token") String token) {
        return checked(token, m -> Uni.createFrom().item(m.acknowledgedAt() != null
                ? page(200, "Already acknowledged", "This message was acknowledged before; nothing more to do.", "done",
                        m, token, false)
                : page(200, "Acknowledge this message", "Press the button to tell the hotline you have seen it.", "",
                        m, token, true)));
    }

    @POST
    public Uni<Response> acknowledge(@PathParam("token") String token) {
        return checked(token, m -> {
            if (m.acknowledgedAt() != null) {
                return Uni.createFrom().item(page(409, "Link already used", "This message was already acknowledged;"
                        + " an acknowledgement link works once. Nothing was changed.", "refused", m, token, false));
            }
            return acknowledgements.acknowledge(m.id(), "link")
                    .map(after -> page(200, "Acknowledged", "Thank you: the hotline knows you have seen it.", "done",
                            after, token, false));
        });
    }

    private interface Next {
        Uni<Response> with(Outbox.Acknowledgeable message);
    }

    private Uni<Response> checked(String token, Next next) {
        return links.verify(token, clock.instant()).chain(v -> {
            if (v.messageId() == null) {
                return Uni.createFrom().item(page(v.expired() ? 410 : 400, v.expired() ? "Link expired" : "Link not valid",
                        "This link cannot acknowledge anything: " + v.refusal() + ". Nothing was changed. Open the"
                                + " hotline's console to see the message.", "refused", null, token, false));
            }
            return outbox.one(v.messageId()).chain(m -> m == null
                    ? Uni.createFrom().item(page(404, "Message gone", "The message this link names no longer exists."
                            + " Nothing was changed.", "refused", null, token, false))
                    : next.with(m));
        });
    }

    private Response page(int status, String title, String text, String style, Outbox.Acknowledgeable m, String token,
            boolean ask) {
        TemplateInstance page = ack.data("title", title).data("text", text).data("style", style).data("message", m)
                .data("token", token).data("ask", ask)
                .data("acknowledgedAt", m == null || m.acknowledgedAt() == null ? ""
                        : SHOWN.format(m.acknowledgedAt().atZone(zone)));
        return Response.status(status).entity(page.render()).type(MediaType.TEXT_HTML_TYPE)
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build();
    }
}
