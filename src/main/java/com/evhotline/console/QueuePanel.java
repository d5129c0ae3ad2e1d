package com.evhotline.console;

import com.evhotline.common.Problem;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.telephony.AgentQueue;
import com.evhotline.telephony.AgentState;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;

/**
 * The agent's phone in the queue, on the console: log in, pause with a reason, resume, log out, each an AMI
 * action on the agent's phone (from staff data); the panel shows what the PBX reports, and redraws itself
 * when the PBX reports a change.
 */
@Path("/console/queue")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR})
@Produces(MediaType.TEXT_HTML)
public class QueuePanel {

    /** The reasons offered for a pause; the page shows them in words. */
    static final List<String> REASONS = List.of("BREAK", "MEAL", "TRAINING", "MEETING", "AFTER_CALL_WORK");

    private final Template panel;
    private final AgentQueue queue;
    private final SecurityIdentity identity;
    private final ZoneId zone;

    public QueuePanel(@Location("console/queue.html") Template panel, AgentQueue queue, SecurityIdentity identity,
            ZoneId zone) {
        this.panel = panel;
        this.queue = queue;
        this.identity = identity;
        this.zone = zone;
    }

    @GET
    public Uni<TemplateInstance> show(@Context HttpHeaders headers) {
        return drawn(queue::state, headers);
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> login(@Context HttpHeaders headers) {
        return drawn(queue::login, headers);
    }

    @POST
    @Path("pause")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> pause(@FormParam("reason") String reason, @Context HttpHeaders headers) {
        return drawn(who -> queue.pause(who, reason), headers);
    }

    @POST
    @Path("unpause")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> unpause(@Context HttpHeaders headers) {
        return drawn(queue::unpause, headers);
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<TemplateInstance> logout(@Context HttpHeaders headers) {
        return drawn(queue::logout, headers);
    }

    /** The panel after the action; a refusal (no phone on record, no PBX link) is said on the panel itself. */
    private Uni<TemplateInstance> drawn(Function<CurrentUser, Uni<AgentState>> action, HttpHeaders headers) {
        CurrentUser user = CurrentUser.of(identity);
        return action.apply(user)
                .map(s -> panel.data("s", s).data("error", null).data("problem", null)
                        .data("since", s.since() == null ? null : Shown.at(com.evhotline.common.WireTime.show(s.since(), zone))))
                .onFailure(Problem.class).recoverWithItem(e -> panel.data("s", null).data("error", e.getMessage())
                        .data("problem", kindOf((Problem) e)).data("since", null))
                .map(p -> PageLocale.in(p.data("reasons", REASONS), headers));
    }

    /** The refusals an agent meets, said in the page's words; others keep the service's own message. */
    static String kindOf(Problem p) {
        String m = p.getMessage() == null ? "" : p.getMessage();
        if (p.status() == 503) {
            return "NO_PBX";
        }
        if (p.status() == 409 && m.startsWith("no phone")) {
            return "NO_DEVICE";
        }
        if (p.status() == 409 && m.contains("log in first")) {
            return "NOT_IN_QUEUE";
        }
        return null;
    }
}
