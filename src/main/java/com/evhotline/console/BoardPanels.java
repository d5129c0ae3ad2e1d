package com.evhotline.console;

import com.evhotline.common.Problem;
import com.evhotline.roster.RosterService;
import com.evhotline.telephony.AgentQueue;
import com.evhotline.telephony.AgentState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The wall board's panels at the clock's instant, as the page shows them: times in the hotline's zone, each
 * count-up and countdown with the instant it runs from. The agents' panel says when there is no PBX link
 * instead of failing the board.
 */
@ApplicationScoped
public class BoardPanels {

    /** A call on the line; {@code sinceMillis} is when it began waiting (or was answered). */
    public record CallLine(long id, String caller, boolean withheld, boolean waiting, String route, long sinceMillis,
            String since, String answeredBy, Long ticketId, String ticketNumber) {
    }

    /** A queue member: {@code state} is OUT, PAUSED or READY. */
    public record AgentLine(String name, String device, String state, String reason, String deviceState,
            Long sinceMillis, String since) {
    }

    public record DutyLine(int position, String name, boolean override) {
    }

    public record DueLine(long ticketId, String number, String kind, String category, String owner, String due,
            long dueMillis) {
    }

    /** The agents' panel: the members, or (null members) why the PBX cannot say. */
    private record Agents(List<AgentLine> members, String problem) {
    }

    /** A rate of the day beside its target: {@code value} is null while nothing is decided. */
    public record Figure(String key, String value, long numerator, long denominator, String target, boolean below,
            long running, long exempt) {
    }

    /** A list of deadlines: the rows shown, how many there are, and how many of them are not shown. */
    public record DueList(List<DueLine> rows, long total, long more) {
    }

    public record Board(String at, List<CallLine> calls, long waiting, long talking, List<AgentLine> agents,
            String pbxProblem, List<DutyLine> dutyNow, String nextFrom, List<DutyLine> dutyNext, DueList soon,
            DueList breached, List<Figure> figures, long callsToday, long ticketsToday) {
    }

    /** A deadline due this soon is about to breach even before its warning (the pages' countdowns turn amber). */
    static final Duration SOON = Duration.ofMinutes(10);
    /** REQUIREMENTS.md: office hours answer 100%; replies and work notices on time, 100%. */
    static final double TARGET = 1.0;

    private static final Logger LOG = Logger.getLogger(BoardPanels.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    private final BoardQueries queries;
    private final AgentQueue queue;
    private final RosterService roster;
    private final Clock clock;
    private final ZoneId zone;

    public BoardPanels(BoardQueries queries, AgentQueue queue, RosterService roster, Clock clock, ZoneId zone) {
        this.queries = queries;
        this.queue = queue;
        this.roster = roster;
        this.clock = clock;
        this.zone = zone;
    }

    public Uni<Board> now() {
        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant from = today.atStartOfDay(zone).toInstant();
        Instant to = today.plusDays(1).atStartOfDay(zone).toInstant();
        return Uni.combine().all().unis(queries.calls(now), queries.deadlines(now, SOON), queries.day(from, to, now), agents(now))
                .with((calls, dues, day, agents) -> board(now, calls, dues, day, agents));
    }

    /** The queue's members, or what keeps the PBX from saying (no link), which the panel shows instead. */
    private Uni<Agents> agents(Instant now) {
        return Uni.createFrom().deferred(queue::members)
                .map(members -> new Agents(members.stream().map(m -> agent(m, now)).toList(), null))
                .onFailure().recoverWithItem(e -> {
                    if (!(e instanceof Problem)) {
                        LOG.warnf("The board shows no agents: %s", e.toString());
                    }
                    return new Agents(null, e instanceof Problem ? e.getMessage() : "the agents' queue cannot be read now");
                });
    }

    private Board board(Instant now, List<BoardQueries.Call> calls, List<BoardQueries.Due> dues, BoardQueries.Day day,
            Agents agents) {
        var next = roster.nextOnDutyAfter(now);
        return new Board(shown(now, now), calls.stream().map(c -> call(c, now)).toList(),
                calls.stream().filter(c -> c.answeredAt() == null).count(),
                calls.stream().filter(c -> c.answeredAt() != null).count(), agents.members(), agents.problem(),
                duty(roster.onDutyAt(now)), next.map(n -> shown(n.from(), now)).orElse(null),
                next.map(n -> duty(n.chain())).orElse(List.of()),
                dues(dues, false, now), dues(dues, true, now), figures(day), day.calls(), day.tickets());
    }

    private CallLine call(BoardQueries.Call c, Instant now) {
        boolean waiting = c.answeredAt() == null;
        Instant since = waiting ? (c.queuedAt() != null ? c.queuedAt() : c.startedAt()) : c.answeredAt();
        return new CallLine(c.id(), c.callerNumber(), c.withheld(), waiting, c.route(), since.toEpochMilli(),
                elapsed(since, now), c.answeredBy(), c.ticketId(), c.ticketNumber());
    }

    private static AgentLine agent(AgentQueue.Member m, Instant now) {
        AgentState s = m.state();
        String name = m.staffName() != null ? m.staffName() : s.memberName() != null ? s.memberName() : s.device();
        String state = !s.loggedIn() ? "OUT" : s.paused() ? "PAUSED" : "READY";
        return new AgentLine(name, s.device(), state, s.reason(), s.deviceState() == null ? null : s.deviceState().name(),
                s.since() == null ? null : s.since().toEpochMilli(), s.since() == null ? null : elapsed(s.since(), now));
    }

    private static List<DutyLine> duty(List<RosterService.OnDuty> chain) {
        return chain.stream().map(d -> new DutyLine(d.position(), d.name(), d.override())).toList();
    }

    private DueList dues(List<BoardQueries.Due> all, boolean breached, Instant now) {
        List<DueLine> rows = all.stream().filter(d -> d.breached() == breached).map(d -> due(d, now)).toList();
        long total = all.stream().filter(d -> d.breached() == breached).mapToLong(BoardQueries.Due::total).findFirst().orElse(0);
        return new DueList(rows, total, total - rows.size());
    }

    private DueLine due(BoardQueries.Due d, Instant now) {
        return new DueLine(d.ticketId(), d.number(), d.kind(), d.category(), d.owner(), shown(d.dueAt(), now),
                d.dueAt().toEpochMilli());
    }

    private static List<Figure> figures(BoardQueries.Day day) {
        return List.of(rate("answerRate", day.answered(), day.answered() + day.unanswered(), day.onTheLine(), 0),
                rate("replyOnTime", day.reply().onTime(), day.reply().onTime() + day.reply().late(), day.reply().running(),
                        day.reply().exempt()),
                rate("dispatchOnTime", day.dispatch().onTime(), day.dispatch().onTime() + day.dispatch().late(),
                        day.dispatch().running(), day.dispatch().exempt()));
    }

    private static Figure rate(String key, long numerator, long denominator, long running, long exempt) {
        Double r = denominator == 0 ? null : (double) numerator / denominator;
        return new Figure(key, r == null ? null : percent(r), numerator, denominator, percent(TARGET),
                r != null && r < TARGET, running, exempt);
    }

    /** A rate in percent to one decimal, without a trailing ".0" (4 of 6 is 66.7%, 1 of 1 is 100%). */
    static String percent(double rate) {
        String p = String.format(java.util.Locale.ROOT, "%.1f", rate * 100);
        return (p.endsWith(".0") ? p.substring(0, p.length() - 2) : p) + "%";
    }

    /** How long since an instant, as the page's count-up shows it: mm:ss, or h:mm:ss from an hour on. */
    static String elapsed(Instant since, Instant now) {
        long s = Math.max(0, Duration.between(since, now).toSeconds());
        long h = s / 3600;
        long m = s % 3600 / 60;
        return (h > 0 ? h + ":" + String.format("%02d", m) : String.format("%02d", m)) + ":" + String.format("%02d", s % 60);
    }

    /** An instant on the board: the time of day when it is today, else the date too. */
    private String shown(Instant at, Instant now) {
        var local = at.atZone(zone);
        return (local.toLocalDate().equals(now.atZone(zone).toLocalDate()) ? TIME : DAY_TIME).format(local);
    }
}
