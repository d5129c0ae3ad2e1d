package com.evhotline.console;

import com.evhotline.common.Problem;
import com.evhotline.quality.Batches;
import com.evhotline.quality.ReportDates;
import com.evhotline.quality.ReportStore;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The daily quality reports kept, to download as PDF or CSV, and the batch quality problems flagged. */
@Path("/console/reports")
@RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
public class ReportsPage {

    static final int SHOWN = 60;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    /** A report as the page lists it. */
    public record ReportRow(LocalDate date, String generated, String generatedBy, int rows, String mail,
            int attempts, String lastError) {
    }

    /** A batch problem as the page lists it. */
    public record BatchRow(long id, String fault, int vehicles, String span, List<Batches.Member> tickets) {
    }

    private final Template page;
    private final ReportStore reports;
    private final Batches batches;
    private final SecurityIdentity identity;
    private final ZoneId zone;

    public ReportsPage(@Location("console/reports.html") Template page, ReportStore reports, Batches batches,
            SecurityIdentity identity, ZoneId zone) {
        this.page = page;
        this.reports = reports;
        this.batches = batches;
        this.identity = identity;
        this.zone = zone;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> list(@Context HttpHeaders headers) {
        return reports.list(null, SHOWN).chain(kept -> batches.newest(20).map(flags -> PageLocale.in(page
                .data("user", CurrentUser.of(identity).username())
                .data("reports", kept.stream().map(k -> new ReportRow(k.date(), time(k.generatedAt()), k.generatedBy(),
                        k.rows(), k.mail().state(), k.mail().attempts(), k.mail().lastError())).toList())
                .data("batches", flags.stream().map(b -> new BatchRow(b.id(), b.fault(), b.vehicles(),
                        time(b.firstReceivedAt()) + " – " + time(b.lastReceivedAt()), b.tickets())).toList()),
                headers)));
    }

    @GET
    @Path("{date}.pdf")
    public Uni<Response> pdf(@PathParam("date") String date) {
        LocalDate day = ReportDates.parse(date);
        return reports.pdf(day).map(b -> file(b, day, "pdf", "application/pdf"));
    }

    @GET
    @Path("{date}.csv")
    public Uni<Response> csv(@PathParam("date") String date) {
        LocalDate day = ReportDates.parse(date);
        return reports.csv(day).map(s -> file(s, day, "csv", "text/csv;charset=UTF-8"));
    }

    private static Response file(Object body, LocalDate day, String ext, String type) {
        if (body == null) {
            throw new Problem(404, "Not found", "no quality report of " + day + " is kept");
        }
        return Response.ok(body, type)
                .header("Content-Disposition", "attachment; filename=\"quality-report-" + day + "." + ext + "\"").build();
    }

    private String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(zone));
    }
}
