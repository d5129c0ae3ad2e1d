package com.evhotline.console;

import com.evhotline.common.Problem;
import com.evhotline.common.QueryParams;
import com.evhotline.kpi.KpiCatalog;
import com.evhotline.kpi.KpiPeriod;
import com.evhotline.kpi.KpiService;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.ZoneId;

/**
 * The supervisors' dashboard: every figure of a period beside its target, with charts, and each figure's items
 * a page at a time (what {@code GET /api/kpi/{key}/items} answers, as a table).
 */
@Path("/console/dashboard")
@RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class DashboardPage {

    /** Items on one page of the drill-down. */
    static final int PAGE_SIZE = 50;

    private final Template page;
    private final Template itemsPage;
    private final DashboardData data;
    private final KpiService kpis;
    private final SecurityIdentity identity;
    private final ZoneId zone;

    public DashboardPage(@Location("console/dashboard.html") Template page,
            @Location("console/dashboard-items.html") Template itemsPage, DashboardData data, KpiService kpis,
            SecurityIdentity identity, ZoneId zone) {
        this.page = page;
        this.itemsPage = itemsPage;
        this.data = data;
        this.kpis = kpis;
        this.identity = identity;
        this.zone = zone;
    }

    @GET
    public Uni<TemplateInstance> dashboard(@QueryParam("from") String from, @QueryParam("to") String to,
            @Context HttpHeaders headers) {
        return data.of(from, to).map(d -> PageLocale.in(page.data("user", user()).data("d", d), headers));
    }

    @GET
    @Path("items")
    public Uni<TemplateInstance> items(@QueryParam("key") String key, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("page") String page, @Context HttpHeaders headers) {
        KpiCatalog.Definition figure = key == null ? null : KpiCatalog.find(key);
        if (figure == null) {
            throw new Problem(404, "Not found", "no figure '" + key + "'");
        }
        KpiPeriod period = data.period(from, to);
        int p = QueryParams.intParam("page", page, 0, 0, Integer.MAX_VALUE / PAGE_SIZE);
        return kpis.items(key, period, p, PAGE_SIZE).map(found -> PageLocale.in(itemsPage.data("user", user())
                .data("key", key)
                .data("base", key.contains(".") ? key.substring(0, key.indexOf('.')) : key)
                .data("band", key.contains(".") ? key.substring(key.indexOf('.') + 1) : null)
                .data("fromDay", period.from().atZone(zone).toLocalDate())
                .data("toDay", data.lastDay(period))
                .data("items", found.items().stream().map(i -> DashboardItem.of(figure, i, zone)).toList())
                .data("total", found.total())
                .data("previous", p > 0 ? p - 1 : null)
                .data("first", found.total() == 0 ? 0 : (long) p * PAGE_SIZE + 1)
                .data("last", (long) p * PAGE_SIZE + found.items().size())
                .data("next", (long) (p + 1) * PAGE_SIZE < found.total() ? p + 1 : null), headers));
    }

    private String user() {
        return CurrentUser.of(identity).username();
    }
}
