package com.evhotline.console;

import com.evhotline.call.CallRecordRepository;
import com.evhotline.call.service.CallQueryService;
import com.evhotline.common.WireTime;
import com.evhotline.deadline.DeadlineState;
import com.evhotline.deadline.DistanceBand;
import com.evhotline.dispatch.service.NoticeService;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.station.Station;
import com.evhotline.station.StationService;
import com.evhotline.ticket.Category;
import com.evhotline.ticket.FollowUpState;
import com.evhotline.ticket.TicketReply;
import com.evhotline.ticket.TicketStatus;
import com.evhotline.ticket.TicketView;
import com.evhotline.ticket.service.TicketService;
import com.evhotline.ticket.service.TicketViews;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A ticket's page as one person sees it: its deadlines with countdowns, its calls (outcome, duration, recording),
 * the notices and what their stations reported, the alerts and the messages sent with who got them, its whole
 * history, the follow-up call, and the forms that person may use on it (reply, classify, dispatch, exempt, resolve,
 * record the follow-up call, close when no call can be made).
 */
@ApplicationScoped
public class TicketPage {

    /** Who may work on a ticket (reply, classify, dispatch, resolve), as the API allows. */
    static final List<String> WORKERS = List.of(Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.ADMIN);
    /** Who may exempt a deadline, as the API allows. */
    static final List<String> EXEMPTERS = List.of(Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN);

    public record DeadlineRow(String kind, String state, String due, Long dueMillis, String met, boolean owed, Long noticeId,
            String exemptionReason) {
    }

    public record EventRow(String at, String actor, String type, String detail) {
    }

    public record CallRow(long id, String started, String outcome, String route, String answeredBy, String talk,
            boolean recording) {
    }

    public record AlertRow(String at, String type, String kind, String told) {
    }

    public record DeliveryRow(String kind, String recipient, String channel, String state, int attempts, String acknowledged,
            String lastError) {
    }

    public record NoticeRow(long id, String state, String issued, String instruction, List<Progress> reports) {
    }

    /** What a station reported on a notice; the page says the kind in words. */
    public record Progress(String kind, String note) {
    }

    public record StationOption(long id, String label) {
    }

    /** The follow-up call as the page shows it; {@code dueMillis} drives the countdown while it is due. */
    public record FollowUpRow(String state, String due, Long dueMillis, int attempts, int allowed, Integer satisfaction,
            String reason, String done, List<FollowUpCallRow> calls) {
    }

    public record FollowUpCallRow(String at, String by, boolean reached, Integer satisfaction, String note) {
    }

    private final Template template;
    private final TicketService tickets;
    private final TicketViews views;
    private final CallQueryService calls;
    private final NoticeService notices;
    private final StationService stations;
    private final ZoneId zone;

    public TicketPage(@Location("console/ticket.html") Template template, TicketService tickets, TicketViews views,
            CallQueryService calls, NoticeService notices, StationService stations, ZoneId zone) {
        this.template = template;
        this.tickets = tickets;
        this.views = views;
        this.calls = calls;
        this.notices = notices;
        this.stations = stations;
        this.zone = zone;
    }

    /** The page of ticket {@code id} for {@code user}; {@code error} says what to fix in a form just refused. */
    public Uni<TemplateInstance> of(long id, CurrentUser user, String error, HttpHeaders headers) {
        boolean works = WORKERS.stream().anyMatch(user::has);
        return tickets.visible(id, user)
                .chain(t -> views.of(t, user.seesEverything() ? null : user.staffId()))
                // one after the other: they share the request's database session, which takes one statement at a time
                .chain(v -> tickets.history(id, user).chain(h -> callsOf(id, user).chain(c -> noticesOf(id, user)
                                .chain(n -> (works ? stations.list() : Uni.createFrom().item(List.<Station>of()))
                                        .map(st -> io.smallrye.mutiny.tuples.Tuple4.of(h, c, n, st)))))
                        .map(got -> template.instance()
                                .data("user", user.username())
                                .data("t", v)
                                .data("received", Shown.at(v.receivedAt()))
                                .data("deadlines", v.deadlines().stream().map(this::deadline).toList())
                                .data("calls", user.seesEverything() ? got.getItem2() : List.of())
                                .data("notices", got.getItem3())
                                .data("alerts", user.seesEverything() ? alerts(v) : List.of())
                                .data("deliveries", deliveries(v))
                                .data("events", got.getItem1().stream() // already as this person may see it
                                        .map(e -> new EventRow(at(e.at), e.actor, e.type, e.detail)).toList())
                                .data("works", works && !v.status().isFinished())
                                .data("followUp", followUp(v.followUp()))
                                .data("mayFollowUp", works && v.status() == TicketStatus.RESOLVED && v.followUp() != null
                                        && v.followUp().state() == FollowUpState.DUE)
                                .data("mayClose", works && v.status() == TicketStatus.RESOLVED
                                        && (v.followUp() == null || v.followUp().state() != FollowUpState.DUE))
                                .data("scores", List.of(1, 2, 3, 4, 5))
                                .data("mayExempt", EXEMPTERS.stream().anyMatch(user::has)
                                        && v.deadlines().stream().anyMatch(TicketPage::owed))
                                .data("channels", TicketReply.Channel.values())
                                .data("categories", Category.values())
                                .data("bands", DistanceBand.values())
                                .data("stations", got.getItem4().stream().filter(s -> s.active)
                                        .map(s -> new StationOption(s.id, s.code + " " + s.name)).toList())
                                .data("error", error)))
                .map(page -> PageLocale.in(page, headers));
    }

    private Uni<List<NoticeRow>> noticesOf(long ticketId, CurrentUser user) {
        return notices.visibleTo(user, ticketId).chain(ns -> notices.reportsOn(ns.stream().map(n -> n.id).toList())
                .map(reports -> ns.stream().map(n -> new NoticeRow(n.id, n.state.name(), at(n.issuedAt), n.instruction,
                        reports.stream().filter(r -> r.noticeId.equals(n.id))
                                .map(r -> new Progress(r.kind.name(), r.note)).toList())).toList()));
    }

    private Uni<List<CallRow>> callsOf(long ticketId, CurrentUser user) {
        boolean listens = user.has(Roles.SUPERVISOR) || user.has(Roles.ADMIN);
        return calls.search(new CallRecordRepository.Filter(ticketId, null, null, null, null, null), 0, 50)
                .map(found -> found.items().stream().map(l -> {
                    var c = l.call();
                    Instant from = c.answeredAt;
                    String talk = from == null || c.endedAt == null ? null
                            : BigDecimal.valueOf(Duration.between(from, c.endedAt).toMillis(), 3)
                                    .setScale(0, RoundingMode.HALF_UP).toPlainString();
                    return new CallRow(c.id, at(c.startedAt), c.outcome, c.route, c.answeredByName, talk,
                            listens && c.recording != null);
                }).toList());
    }

    private List<AlertRow> alerts(TicketView v) {
        return v.alerts() == null ? List.of() : v.alerts().stream().map(a -> new AlertRow(Shown.at(a.at()), a.type(),
                a.kind() == null ? null : a.kind().name(),
                a.told().stream().map(TicketView.Told::name).collect(Collectors.joining("、")))).toList();
    }

    private List<DeliveryRow> deliveries(TicketView v) {
        return v.deliveries() == null ? List.of() : v.deliveries().stream().map(d -> new DeliveryRow(d.kind(),
                d.recipient() == null ? null : d.recipient().name(), d.channel(), d.state(), d.attempts(),
                d.acknowledgedAt() == null ? null : Shown.at(d.acknowledgedAt()) + " " + d.acknowledgedBy(),
                d.lastError())).toList();
    }

    private static FollowUpRow followUp(TicketView.FollowUpView f) {
        if (f == null) {
            return null;
        }
        boolean due = f.state() == FollowUpState.DUE;
        return new FollowUpRow(f.state().name(), Shown.at(due ? f.nextCallAt() : f.dueAt()),
                due ? f.nextCallAt().toInstant().toEpochMilli() : null,
                f.attempts(), f.attemptsAllowed(), f.satisfaction(), f.reason(),
                f.doneAt() == null ? null : Shown.at(f.doneAt()) + " " + f.doneBy(),
                f.calls().stream().map(c -> new FollowUpCallRow(Shown.at(c.at()), c.by(), c.reached(), c.satisfaction(),
                        c.note())).toList());
    }

    private DeadlineRow deadline(TicketView.DeadlineView d) {
        boolean owed = owed(d);
        return new DeadlineRow(d.kind().name(), d.state().name(), Shown.at(d.dueAt()),
                owed ? d.dueAt().toInstant().toEpochMilli() : null, d.metAt() == null ? null : Shown.at(d.metAt()), owed,
                d.noticeId(), d.exemptionReason());
    }

    private static boolean owed(TicketView.DeadlineView d) {
        return d.state() == DeadlineState.PENDING || (d.state() == DeadlineState.BREACHED && d.metAt() == null);
    }

    private String at(Instant i) {
        return i == null ? null : Shown.at(WireTime.show(i, zone));
    }
}
