package com.evhotline.call.service;

import com.evhotline.call.CallOutcome;
import com.evhotline.call.CallSnapshot;
import com.evhotline.call.LinkedIds;
import com.evhotline.call.CallTracker;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Recovers calls from the PBX's own call records ({@code cdr}, written by cdr_pgsql) that the AMI link
 * did not see end: calls that began and ended while it was down, or that it gave up on. Every hotline
 * CDR without a finished call record becomes one; a call the tracker still follows is left to it.
 * A CDR cannot show that a mobile accepted the call, or that the hotline gave up on it, unless the
 * dialplan marked it ({@code userfield} {@code accepted:<number>@<epoch>}, {@code missed}): an answered
 * dial without the first mark is no acceptance; an unanswered call without the second was left by the
 * caller (ABANDONED), as the AMI side counts it. Either way the customer is called back.
 */
@ApplicationScoped
public class CdrReconciler {

    private static final Logger LOG = Logger.getLogger(CdrReconciler.class);

    static final String UNSETTLED = """
            SELECT linkedid,
                   min(start) AS started,
                   (array_agg(src ORDER BY start) FILTER (WHERE dcontext = 'hotline-in'))[1] AS caller,
                   min(answer) FILTER (WHERE disposition = 'ANSWERED' AND lastapp = 'Queue' AND dstchannel <> '') AS agent_at,
                   (array_agg(dstchannel ORDER BY answer) FILTER (WHERE disposition = 'ANSWERED' AND lastapp = 'Queue' AND dstchannel <> ''))[1] AS agent,
                   min(answer) FILTER (WHERE userfield LIKE 'accepted:%') AS accepted_at,
                   (array_agg(userfield ORDER BY answer) FILTER (WHERE userfield LIKE 'accepted:%'))[1] AS accepted_by,
                   max("end") AS ended,
                   bool_or(userfield = 'missed') AS given_up,
                   bool_or(lastapp = 'Queue') AS queued
              FROM cdr
             WHERE calldate > $1
             GROUP BY linkedid
            HAVING bool_or(dcontext = 'hotline-in')
               AND NOT EXISTS (SELECT 1 FROM call_record c WHERE c.linked_id = cdr.linkedid AND c.outcome <> 'IN_PROGRESS')
             ORDER BY min(start)
             LIMIT 1000""";

    /** Calls that ended but whose ticket was not given (or did not take) the outcome: a failed follow-up. */
    static final String STRAGGLERS = """
            SELECT linked_id, caller_number, withheld, started_at, route, queue, ticket_id, routed_at
              FROM call_record
             WHERE outcome <> 'IN_PROGRESS' AND (ticket_id IS NULL OR NOT outcome_applied) AND updated_at < $1
             ORDER BY started_at
             LIMIT 200""";

    private final Pool pool;
    private final CallWriter writer;
    private final Clock clock;
    private final ZoneId cdrZone;
    /** The agents' queue a queued call waited in, as the routing script names it. */
    private final String queue;
    private final Duration lookBack;

    private final CallTicketService tickets;
    private final CallIntake intake;
    private final Duration settleAfter;
    private volatile CdrFeed feed;

    public CdrReconciler(Pool pool, CallWriter writer, CallTicketService tickets, CallIntake intake, Clock clock,
            com.evhotline.call.CdrConfig cdr, com.evhotline.routing.RoutingConfig routingConfig) {
        this.pool = pool;
        this.tickets = tickets;
        this.intake = intake;
        this.writer = writer;
        this.clock = clock;
        this.queue = routingConfig.queue();
        this.cdrZone = cdr.zone();
        this.lookBack = cdr.lookBack();
        this.settleAfter = cdr.settleAfter();
    }

    /**
     * Whether the PBX's CDRs reach this database: of the calls that ended in the hour before their CDR's
     * wait was over, how many have none, and when the newest CDR was written. Read at every reconciliation.
     */
    public record CdrFeed(Instant checkedAt, long endedCalls, long withoutCdr, Instant newestCdr) {

        /** What health says of it. */
        public String describe() {
            if (withoutCdr == 0) {
                return endedCalls == 0 ? "no call ended in the hour checked" : "arriving";
            }
            return "NOT ARRIVING: " + withoutCdr + " of " + endedCalls + " call(s) that ended in the last hour have no CDR"
                    + " (is cdr_pgsql writing into this database? see telephony/README.md, CDRs)";
        }
    }

    static final String FEED = """
            SELECT (SELECT max(calldate) FROM cdr) AS newest,
                   count(*) AS ended,
                   count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM cdr WHERE cdr.linkedid = c.linked_id)) AS without_cdr
              FROM call_record c
             WHERE c.started_at > $1 AND c.ended_at > $2 AND c.ended_at <= $3
               AND c.outcome <> 'IN_PROGRESS' AND c.source <> 'CDR'""";

    /** The CDR feed as last checked; null before the first reconciliation. */
    public CdrFeed feed() {
        return feed;
    }

    Uni<Void> checkFeed() {
        Instant now = clock.instant();
        Instant until = now.minus(settleAfter);
        Instant from = until.minus(Duration.ofHours(1));
        return pool.preparedQuery(FEED).execute(Tuple.of(utc(from.minus(Duration.ofHours(12))), utc(from), utc(until)))
                .invoke(rows -> {
                    Row r = rows.iterator().next();
                    CdrFeed before = feed;
                    feed = new CdrFeed(now, r.getLong("ended"), r.getLong("without_cdr"), at(r.getLocalDateTime("newest")));
                    if (feed.withoutCdr() > 0 && (before == null || before.withoutCdr() == 0)) {
                        LOG.warnf("CDRs: %s", feed.describe());
                    }
                })
                .replaceWithVoid();
    }

    /** Most call records left in progress taken in at a time; more are looked for at the next reconciliation. */
    public static final int LEFT_IN_PROGRESS_LIMIT = 1000;

    /**
     * Call records still in progress that nothing here wrote since {@code before}: left so by an earlier process
     * (killed, or stopped before the calls ended), or written by the routing script while the AMI link was down.
     * Each is answered as lost, ended when it was last written (no talk time invented) and, when nobody was
     * seen taking it, MISSED, so the customer is called back; its CDR, if one comes, settles it instead.
     */
    static final String LEFT_IN_PROGRESS = """
            SELECT linked_id, caller_number, started_at, route, queue, queued_at, answered_at, answered_by_name,
                   recording, greatest(started_at, queued_at, answered_at) AS last_seen
              FROM call_record
             WHERE outcome = 'IN_PROGRESS' AND updated_at < $1 AND NOT (linked_id = ANY ($2::text[]))
             ORDER BY started_at
             LIMIT %d""".formatted(LEFT_IN_PROGRESS_LIMIT);

    public Uni<List<CallTracker.Lost>> leftInProgress(Instant before, java.util.Collection<String> excluded) {
        Instant now = clock.instant();
        return pool.preparedQuery(LEFT_IN_PROGRESS).execute(Tuple.of(utc(before), excluded.toArray(String[]::new)))
                .map(rows -> {
                    List<CallTracker.Lost> lost = new ArrayList<>();
                    for (Row r : rows) {
                        // the last moment the record tells of: when it was written may be much later (a replay)
                        Instant lastSeen = r.getOffsetDateTime("last_seen").toInstant();
                        lost.add(new CallTracker.Lost(unfinished(r, lastSeen), lastSeen, now));
                    }
                    return lost;
                });
    }

    /** A call record left in progress, as ended when last heard of. */
    private static CallSnapshot unfinished(Row r, Instant lastSeen) {
        Instant started = r.getOffsetDateTime("started_at").toInstant();
        Instant answered = instant(r.getOffsetDateTime("answered_at"));
        String by = r.getString("answered_by_name");
        // a mobile that accepted is named by its number, an agent by their login (the queue may overflow to mobiles)
        boolean byMobile = by != null ? MOBILE.matcher(by).matches() : "FORWARD".equals(r.getString("route"));
        CallOutcome outcome = answered == null ? CallOutcome.MISSED : byMobile ? CallOutcome.FORWARDED : CallOutcome.ANSWERED;
        return new CallSnapshot(r.getString("linked_id"), r.getString("caller_number"), started, r.getString("queue"),
                instant(r.getOffsetDateTime("queued_at")), true, answered, by, outcome, lastSeen, r.getString("recording"));
    }

    private static final java.util.regex.Pattern MOBILE = java.util.regex.Pattern.compile("\\+?[0-9]{6,15}");

    private static Instant instant(java.time.OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static java.time.OffsetDateTime utc(Instant i) {
        return i.atOffset(java.time.ZoneOffset.UTC);
    }

    /**
     * Writes a call record (and its ticket) for every unsettled hotline CDR whose call is not {@code followed}.
     * {@code lost} are calls the AMI link saw begin but not end; they are named in the log if no CDR has them yet.
     */
    public Uni<Integer> reconcile(Predicate<String> followed, List<String> lost) {
        LocalDateTime since = LocalDateTime.ofInstant(clock.instant().minus(lookBack), cdrZone);
        return pool.preparedQuery(UNSETTLED).execute(Tuple.of(since))
                .map(rows -> {
                    List<CallSnapshot> calls = new ArrayList<>();
                    for (Row r : rows) {
                        // a CDR row whose linked id cannot be Asterisk's is no call (as on the other paths)
                        if (LinkedIds.valid(r.getString("linkedid")) && !followed.test(r.getString("linkedid"))) {
                            calls.add(toSnapshot(r));
                        }
                    }
                    return calls;
                })
                .call(calls -> calls.isEmpty() ? Uni.createFrom().voidItem() : writer.write(calls, "CDR").replaceWithVoid())
                .invoke(calls -> {
                    List<String> missing = lost.stream().filter(id -> calls.stream().noneMatch(c -> c.linkedId().equals(id)))
                            .toList();
                    if (!missing.isEmpty()) {
                        LOG.warnf("%d call(s) ended while the AMI link was down and have no CDR yet (%s); they are"
                                + " settled from their CDR when it comes, or after %s from what was seen", missing.size(),
                                missing, settleAfter);
                    }
                })
                .map(List::size)
                .call(n -> settleStragglers(followed))
                .call(n -> checkFeed().onFailure().invoke(f -> LOG.debugf("CDR feed check failed: %s", f.getMessage()))
                        .onFailure().recoverWithNull());
    }

    /**
     * Of these calls, those without a CDR and without a finished record: still in progress in the database,
     * or not in it at all yet (its first write still waits, the database was down), which the write inserts.
     */
    static final String STILL_UNSETTLED = """
            SELECT u.id FROM unnest($1::text[]) AS u(id)
             WHERE NOT EXISTS (SELECT 1 FROM cdr WHERE cdr.linkedid = u.id AND cdr.dcontext = 'hotline-in'
                                                   AND cdr.calldate > $2)
               AND NOT EXISTS (SELECT 1 FROM call_record c WHERE c.linked_id = u.id AND c.outcome <> 'IN_PROGRESS')""";

    /**
     * Of these calls, lost in an AMI drop, those whose CDR did not come (cdr_pgsql not set up, or its
     * database unreachable) and that nothing else has settled: the AMI gateway writes them from what the
     * link saw of them.
     */
    public Uni<java.util.Set<String>> withoutCdr(List<String> linkedIds) {
        if (linkedIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        // a CDR the reconciliation does not read (older than the look-back, or of no hotline call) settles nothing
        LocalDateTime since = LocalDateTime.ofInstant(clock.instant().minus(lookBack), cdrZone);
        return pool.preparedQuery(STILL_UNSETTLED).execute(Tuple.of(linkedIds.toArray(String[]::new), since))
                .map(rows -> {
                    java.util.Set<String> open = new java.util.HashSet<>();
                    rows.forEach(r -> open.add(r.getString(0)));
                    return open;
                });
    }

    /** Ended calls still without a ticket, or whose ticket did not take the outcome, get it now (one at a time). */
    Uni<Void> settleStragglers(Predicate<String> followed) {
        return pool.preparedQuery(STRAGGLERS).execute(Tuple.of(clock.instant().minusSeconds(60).atOffset(java.time.ZoneOffset.UTC)))
                .chain(rows -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Row r : rows) {
                        String id = r.getString("linked_id");
                        if (followed.test(id) || intake.awaitingDatabase(id)) {
                            continue;
                        }
                        String caller = Boolean.TRUE.equals(r.getBoolean("withheld")) ? "unknown" : r.getString("caller_number");
                        Uni<?> one = r.getLong("ticket_id") == null
                                ? tickets.place(new CallTicketService.Intake(id, caller,
                                        r.getOffsetDateTime("started_at").toInstant(), r.getString("route"),
                                        r.getString("queue"), null, null, "AMI", instant(r.getOffsetDateTime("routed_at"))))
                                : tickets.settle(id);
                        chain = chain.chain(() -> one.onFailure().invoke(e -> LOG.errorf(
                                "call %s still cannot be put on its ticket: %s", id, e.getMessage())).onFailure().recoverWithNull())
                                .replaceWithVoid();
                    }
                    return chain;
                });
    }

    private CallSnapshot toSnapshot(Row r) {
        Instant started = at(r.getLocalDateTime("started"));
        Instant agentAt = at(r.getLocalDateTime("agent_at"));
        Instant acceptedAt = at(r.getLocalDateTime("accepted_at"));
        Instant ended = at(r.getLocalDateTime("ended"));
        CallOutcome outcome;
        Instant answeredAt = null;
        String by = null;
        if (agentAt != null) {
            outcome = CallOutcome.ANSWERED;
            answeredAt = agentAt;
            by = CallTracker.endpoint(r.getString("agent"));
        } else if (acceptedAt != null) {
            outcome = CallOutcome.FORWARDED;
            // "accepted:<number>@<epoch>" (the dialplan's mark), or "accepted:<number>" as older dialplans wrote it
            String mark = r.getString("accepted_by").substring("accepted:".length());
            int sep = mark.lastIndexOf('@');
            by = sep < 0 ? mark : mark.substring(0, sep);
            answeredAt = sep < 0 ? acceptedAt : acceptanceTime(mark.substring(sep + 1), acceptedAt);
        } else if (Boolean.TRUE.equals(r.getBoolean("given_up"))) {
            outcome = CallOutcome.MISSED; // the dialplan ran out of phones to ring
        } else {
            // nobody took it and the hotline had not given up: the caller left first (as the AMI side counts it)
            outcome = CallOutcome.ABANDONED;
        }
        return new CallSnapshot(r.getString("linkedid"), r.getString("caller"), started,
                Boolean.TRUE.equals(r.getBoolean("queued")) ? queue : null, null, true, answeredAt, by, outcome,
                ended == null ? started : ended, null);
    }

    /**
     * The acceptance's epoch seconds from the CDR mark; the fallback (the caller's channel's answer, the
     * closest the CDR itself has) when the mark carries none or a garbled one.
     */
    static Instant acceptanceTime(String epoch, Instant fallback) {
        try {
            long s = Long.parseLong(epoch.trim());
            return s > 0 ? Instant.ofEpochSecond(s) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private Instant at(LocalDateTime t) {
        return t == null ? null : t.atZone(cdrZone).toInstant();
    }
}
