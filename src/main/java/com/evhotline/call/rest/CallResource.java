package com.evhotline.call.rest;

import static com.evhotline.common.QueryParams.boolParam;
import static com.evhotline.common.QueryParams.enumParam;
import static com.evhotline.common.QueryParams.idParam;
import static com.evhotline.common.QueryParams.intParam;

import com.evhotline.call.CallOutcome;
import com.evhotline.call.CallRecordRepository;
import com.evhotline.call.service.CallQueryService;
import com.evhotline.call.service.Recordings;
import com.evhotline.common.PhoneNumbers;
import com.evhotline.common.WireTime;
import com.evhotline.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Call records, as the PBX left them: listed and read by the hotline's staff (not by station or regional
 * managers: calls carry customers' numbers); their recordings by supervisors.
 */
@Path("/api/calls")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
public class CallResource {

    /** A page of calls. */
    public record Page(List<CallView> items, long total) {
    }

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 500;

    private final CallQueryService calls;
    private final Recordings recordings;
    private final PhoneNumbers phones;
    private final ZoneId zone;

    public CallResource(CallQueryService calls, Recordings recordings, PhoneNumbers phones, ZoneId zone) {
        this.calls = calls;
        this.recordings = recordings;
        this.phones = phones;
        this.zone = zone;
    }

    @GET
    public Uni<Page> list(@QueryParam("ticketId") String ticketId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("outcome") String outcome,
            @QueryParam("officeHours") String officeHours, @QueryParam("callerNumber") String callerNumber,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        var filter = new CallRecordRepository.Filter(
                idParam("ticketId", ticketId),
                WireTime.parse("from", from),
                WireTime.parse("to", to),
                enumParam("outcome", outcome, CallOutcome.class),
                boolParam("officeHours", officeHours),
                callerNumber == null || callerNumber.isBlank() ? null : phones.normalise("callerNumber", callerNumber));
        int s = intParam("size", size, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        int p = intParam("page", page, 0, 0, Integer.MAX_VALUE / s);
        return calls.search(filter, p, s)
                .map(found -> new Page(found.items().stream().map(this::view).toList(), found.total()));
    }

    @GET
    @Path("{id}")
    public Uni<CallView> get(@PathParam("id") long id) {
        return calls.one(id).map(this::view);
    }

    /** The call's recording as an attachment, streamed from the recordings directory. */
    @GET
    @Path("{id}/recording")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @APIResponse(responseCode = "200", description = "the recording (audio/wav, audio/mpeg, audio/x-gsm, or octets)",
            content = @Content(mediaType = "audio/wav", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = "no such call, the call has no recording, or its file is missing",
            content = @Content(mediaType = "application/problem+json"))
    public Uni<RestResponse<java.nio.file.Path>> recording(@PathParam("id") long id) {
        return calls.find(id)
                .chain(recordings::of)
                .map(r -> RestResponse.ResponseBuilder.ok(r.file(), r.mediaType())
                        .header(HttpHeaders.CONTENT_DISPOSITION, attachment(r.name()))
                        .build());
    }

    private CallView view(CallQueryService.Listed l) {
        return CallView.of(l.call(), l.ticketNumber(), zone);
    }

    /** {@code attachment; filename="…"}, with an RFC 6266 {@code filename*} when the name is not plain ASCII. */
    static String attachment(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        String header = "attachment; filename=\"" + ascii + "\"";
        return ascii.equals(name) ? header
                : header + "; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
