package com.evhotline.quality.rest;

import com.evhotline.common.Problem;
import com.evhotline.common.WireTime;
import com.evhotline.quality.DailyReports;
import com.evhotline.quality.ReportDates;
import com.evhotline.quality.ReportStore;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The daily quality reports kept: listed, read as PDF or CSV, and made on demand for a past day. */
@Path("/api/reports/daily")
@RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
public class DailyReportResource {

    static final MediaType PDF = new MediaType("application", "pdf");
    static final MediaType CSV = new MediaType("text", "csv");
    static final int LISTED = 400;

    /** A report kept and its e-mail ({@code state}: NONE, QUEUED, FAILED or SENT). */
    public record ReportView(LocalDate date, OffsetDateTime generatedAt, String generatedBy, int rows, MailView mail) {
    }

    public record MailView(String state, int attempts, String lastError, OffsetDateTime mailedAt) {
    }

    private final DailyReports reports;
    private final ReportStore store;
    private final SecurityIdentity identity;
    private final ZoneId zone;

    public DailyReportResource(DailyReports reports, ReportStore store, SecurityIdentity identity, ZoneId zone) {
        this.reports = reports;
        this.store = store;
        this.identity = identity;
        this.zone = zone;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<ReportView>> list() {
        return store.list(null, LISTED).map(kept -> kept.stream().map(this::view).toList());
    }

    /** The report as {@code Accept} asks: {@code application/pdf} (also for any type) or {@code text/csv}. */
    @GET
    @Path("{date}")
    public Uni<Response> one(@PathParam("date") String date, @Context HttpHeaders headers) {
        LocalDate day = ReportDates.parse(date);
        MediaType type = pick(headers.getAcceptableMediaTypes());
        if (type == null) {
            throw new Problem(406, "Not Acceptable", "the report is served as application/pdf or text/csv: ask for"
                    + " one of them in the Accept header");
        }
        String file = "quality-report-" + day + (type == PDF ? ".pdf" : ".csv");
        Uni<Object> body = type == PDF ? store.pdf(day).map(b -> b) : store.csv(day).map(s -> s);
        return body.map(b -> {
            if (b == null) {
                throw new Problem(404, "Not found", missing(day));
            }
            return Response.ok(b, type == PDF ? PDF : MediaType.valueOf("text/csv;charset=UTF-8"))
                    .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
        });
    }

    /** Makes a past day's report that is missing (a day missed by a long downtime); a day made already is left. */
    @POST
    @Path("{date}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> make(@PathParam("date") String date) {
        LocalDate day = ReportDates.parse(date);
        if (!reports.isPast(day)) {
            throw Problem.invalid("date: the report of " + day + " can be made once that day is over; it is made by"
                    + " itself at " + stamp(reports.dueAt(day)));
        }
        return reports.make(day, CurrentUser.of(identity).username())
                .chain(made -> store.list(day, 1).map(kept -> {
                    ReportView v = view(kept.get(0));
                    return made ? Response.created(URI.create("/api/reports/daily/" + day)).entity(v).build()
                            : Response.ok(v).build();
                }));
    }

    static MediaType pick(List<MediaType> acceptable) {
        if (acceptable.isEmpty()) {
            return PDF;
        }
        for (MediaType m : acceptable) {
            if (m.isCompatible(PDF)) {
                return PDF;
            }
            if (m.isCompatible(CSV)) {
                return CSV;
            }
        }
        return null;
    }

    private String missing(LocalDate day) {
        String due = stamp(reports.dueAt(day));
        return reports.isDue(day) ? "no report of " + day + " is kept: it was due at " + due + "; a supervisor or an"
                + " administrator makes it now with POST /api/reports/daily/" + day
                : "no report of " + day + " yet: it is made at " + due;
    }

    private String stamp(java.time.ZonedDateTime at) {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").format(at) + " (" + zone.getId() + ")";
    }

    private ReportView view(ReportStore.Kept k) {
        return new ReportView(k.date(), WireTime.show(k.generatedAt(), zone), k.generatedBy(), k.rows(),
                new MailView(k.mail().state(), k.mail().attempts(), k.mail().lastError(),
                        WireTime.show(k.mail().mailedAt(), zone)));
    }
}
