package com.evhotline.telephony.rest;

import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.telephony.AgentQueue;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.ZoneId;
import java.util.List;

/**
 * The agents' queue: an agent logs their own phone in, pauses it with a reason, ends the pause and logs out
 * ({@code /api/agents/me/queue...}); supervisors list every member the PBX reports ({@code GET /api/agents}).
 * No phone in staff data: 409; no link to the PBX: 503.
 */
@Path("/api/agents")
@RolesAllowed({Roles.AGENT, Roles.SUPERVISOR})
public class AgentQueueResource {

    /** The body of {@code POST /api/agents/me/queue/pause}. */
    public record PauseRequest(String reason) {
    }

    private final AgentQueue queue;
    private final SecurityIdentity identity;
    private final ZoneId zone;

    public AgentQueueResource(AgentQueue queue, SecurityIdentity identity, ZoneId zone) {
        this.queue = queue;
        this.identity = identity;
        this.zone = zone;
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    public Uni<List<AgentView>> members() {
        return queue.members().map(all -> all.stream().map(m -> AgentView.of(m, zone)).toList());
    }

    @GET
    @Path("me/queue")
    public Uni<AgentView> mine() {
        return queue.state(me()).map(this::view);
    }

    @POST
    @Path("me/queue/login")
    public Uni<AgentView> login() {
        return queue.login(me()).map(this::view);
    }

    /** Reason required: one line, at most 80 characters once trimmed. */
    @POST
    @Path("me/queue/pause")
    public Uni<AgentView> pause(PauseRequest r) {
        return queue.pause(me(), r == null ? null : r.reason()).map(this::view);
    }

    @POST
    @Path("me/queue/unpause")
    public Uni<AgentView> unpause() {
        return queue.unpause(me()).map(this::view);
    }

    @POST
    @Path("me/queue/logout")
    public Uni<AgentView> logout() {
        return queue.logout(me()).map(this::view);
    }

    private CurrentUser me() {
        return CurrentUser.of(identity);
    }

    private AgentView view(com.evhotline.telephony.AgentState s) {
        return AgentView.of(s, zone);
    }
}
