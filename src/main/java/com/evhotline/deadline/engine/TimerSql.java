package com.evhotline.deadline.engine;

import com.evhotline.notification.NotificationService;

/** The engine's SQL: one claim and one set-based firing statement per batch. */
final class TimerSql {

    private TimerSql() {
    }

    /**
     * Bounds on the engine's transaction, so the row locks of an instance that died or was cut off
     * mid-batch are released by the server within seconds instead of a TCP timeout.
     */
    static final String SESSION_LIMITS = "SET LOCAL idle_in_transaction_session_timeout = '20s';"
            + " SET LOCAL statement_timeout = '20s'; SET LOCAL tcp_keepalives_idle = 5;"
            + " SET LOCAL tcp_keepalives_interval = 2; SET LOCAL tcp_keepalives_count = 3";

    /**
     * $1 now, $2 batch size: the oldest due timers not claimed by another instance. Their deadlines are
     * locked too, in the order a reply or exemption locks them (deadline, then timers): a timer whose
     * deadline is being met right now is skipped, and seen cancelled in the next round. A breach is due
     * only after its instant: an act at the due instant is on time ({@code Deadline.meet}).
     */
    static final String CLAIM = """
            SELECT dt.id FROM deadline_timer dt JOIN deadline d ON d.id = dt.deadline_id
             WHERE dt.state = 'PENDING' AND dt.due_at <= $1 AND (dt.due_at < $1 OR dt.kind <> 'BREACH')
             ORDER BY dt.due_at, dt.id
             LIMIT $2
             FOR UPDATE OF dt, d SKIP LOCKED""";

    /** $1 timer, $2 now: one timer of a failed batch, if still pending, due and free. */
    static final String CLAIM_ONE = """
            SELECT dt.id FROM deadline_timer dt JOIN deadline d ON d.id = dt.deadline_id
             WHERE dt.id = $1 AND dt.state = 'PENDING' AND dt.due_at <= $2 AND (dt.due_at < $2 OR dt.kind <> 'BREACH')
               FOR UPDATE OF dt, d SKIP LOCKED""";

    static final String NEXT_DUE = "SELECT min(due_at) FROM deadline_timer WHERE state = 'PENDING'";

    static final String PENDING = "SELECT count(*) FROM deadline_timer WHERE state = 'PENDING'";

    /**
     * Fires the claimed timers $1 at $2 as instance $4 (escalation interval $3 seconds, zone $5 for the
     * messages). A warning or breach fires only while its deadline is pending, an escalation step only
     * while the deadline stays breached and unmet on an unfinished ticket; the others are cancelled.
     * Notifications are unique per timer and recipient, so the effect cannot happen twice. A step that
     * fires more than an interval late (after downtime) plans the next one for now, not for the past:
     * the steps missed meanwhile collapse into one instead of arriving as a burst; after the chain's last
     * step the next comes $9 seconds later.
     * <p>
     * Who is told is decided as of $2: $6 whether it is office hours, $7 the shift (it picks the chain),
     * $8 the people on duty in chain order. A chain names {@code assignee} (the owner, while on shift),
     * {@code duty} (the first on duty at a warning or breach, one more down the chain at each step),
     * {@code leader} (at any hour: the last resort), {@code station} and {@code regional} (at any hour, only
     * the people of the stations the ticket's notices went to and the regional managers of their regions),
     * {@code addressee} (whoever those notices went to, {@code notice_addressees}; for an ACKNOWLEDGE
     * deadline, its own notice's) or another role (its holders on
     * shift). An ACKNOWLEDGE deadline's alerts are {@code NOTICE_UNACKNOWLEDGED} messages about its notice.
     * On shift
     * means on duty now, or in office hours holding a role other than {@code duty}. When nobody named is
     * on shift: the supervisors in office hours, else the first on duty, else the leaders, else the
     * administrators.
     */
    static final String FIRE = """
            WITH t AS (
                SELECT dt.id, dt.deadline_id, dt.ticket_id, dt.kind, dt.step, dt.planned_at,
                       d.kind AS dkind, d.state AS dstate, d.met_at, d.due_at AS deadline_due, d.round, d.notice_id,
                       tk.number, tk.category, tk.shift, tk.assignee_id, tk.status,
                       dn.issued_at AS notice_issued, st.name AS notice_station
                  FROM deadline_timer dt
                  JOIN deadline d ON d.id = dt.deadline_id
                  JOIN ticket tk ON tk.id = dt.ticket_id
                  LEFT JOIN dispatch_notice dn ON dn.id = d.notice_id
                  LEFT JOIN station st ON st.id = dn.station_id
                 WHERE dt.id = ANY($1) AND dt.state = 'PENDING'
            ),
            live AS (
                SELECT * FROM t
                 WHERE (kind = 'WARNING' AND dstate = 'PENDING' AND deadline_due > $2)
                    OR (kind = 'BREACH' AND dstate = 'PENDING')
                    OR (kind = 'ESCALATION' AND dstate = 'BREACHED' AND met_at IS NULL
                        AND status NOT IN ('RESOLVED', 'CLOSED'))
            ),
            breached AS (
                UPDATE deadline d SET state = 'BREACHED'
                  FROM live
                 WHERE live.kind = 'BREACH' AND d.id = live.deadline_id AND d.state = 'PENDING'
                RETURNING d.id
            ),
            last_step AS (
                SELECT category, shift, deadline_kind, max(step) AS step
                  FROM escalation_rule WHERE stage = 'ESCALATION'
                 GROUP BY category, shift, deadline_kind
            ),
            last AS (
                SELECT live.id AS timer_id, ls.step
                  FROM live
                  LEFT JOIN last_step ls
                    ON ls.category = live.category AND ls.shift = $7 AND ls.deadline_kind = live.dkind
            ),
            chosen AS (
                SELECT live.id AS timer_id, r.recipients
                  FROM live
                  JOIN last ON last.timer_id = live.id
                  JOIN escalation_rule r
                    ON r.category = live.category AND r.shift = $7 AND r.deadline_kind = live.dkind
                   AND r.stage = live.kind
                   AND r.step = CASE WHEN live.kind = 'ESCALATION' THEN least(live.step, last.step) ELSE 0 END
            ),
            sent AS (
                -- where the notices went: the deadline's own notice, or every notice of its ticket
                SELECT live.id AS timer_id, n.id AS notice_id, n.station_id, st.region
                  FROM live
                  JOIN dispatch_notice n ON n.id = live.notice_id
                  LEFT JOIN station st ON st.id = n.station_id
                UNION ALL
                SELECT live.id, n.id, n.station_id, st.region
                  FROM live
                  JOIN dispatch_notice n ON n.ticket_id = live.ticket_id
                  LEFT JOIN station st ON st.id = n.station_id
                 WHERE live.notice_id IS NULL
            ),
            sent_to AS (
                SELECT x.timer_id, a.staff_id, x.station_id IS NOT NULL AS to_station
                  FROM sent x CROSS JOIN LATERAL notice_addressees(x.notice_id) a
            ),
            duty AS (
                SELECT d.staff_id, row_number() OVER (ORDER BY d.position) AS position
                  FROM unnest($8::bigint[]) WITH ORDINALITY AS d(staff_id, position)
                  JOIN staff s ON s.id = d.staff_id AND s.active
            ),
            on_shift AS (
                SELECT s.id FROM staff s
                 WHERE s.active AND (s.id IN (SELECT staff_id FROM duty)
                    OR ($6 AND EXISTS (SELECT 1 FROM staff_role sr WHERE sr.staff_id = s.id AND sr.role <> 'duty')))
            ),
            named AS (
                SELECT DISTINCT c.timer_id, s.id AS staff_id
                  FROM chosen c
                  JOIN live ON live.id = c.timer_id
                 CROSS JOIN LATERAL unnest(c.recipients) AS who(role)
                  JOIN staff s ON s.active
                   AND ((who.role = 'assignee' AND s.id = live.assignee_id AND s.id IN (SELECT id FROM on_shift))
                     OR (who.role = 'duty' AND EXISTS (
                            SELECT 1 FROM duty d WHERE d.staff_id = s.id
                               AND d.position <= CASE WHEN live.kind = 'ESCALATION' THEN live.step + 1 ELSE 1 END))
                     OR (who.role = 'leader' AND EXISTS (
                            SELECT 1 FROM staff_role sr WHERE sr.staff_id = s.id AND sr.role = 'leader'))
                     OR (who.role = 'station'
                         AND s.id IN (SELECT x.staff_id FROM sent_to x WHERE x.timer_id = live.id AND x.to_station))
                     OR (who.role = 'addressee' AND s.id IN (SELECT x.staff_id FROM sent_to x WHERE x.timer_id = live.id))
                     OR (who.role = 'regional' AND EXISTS (
                            SELECT 1 FROM staff_role sr WHERE sr.staff_id = s.id AND sr.role = 'regional')
                         AND s.region IN (SELECT x.region FROM sent x WHERE x.timer_id = live.id))
                     OR (who.role NOT IN ('assignee', 'addressee', 'duty', 'leader', 'station', 'regional')
                         AND s.id IN (SELECT id FROM on_shift)
                         AND EXISTS (SELECT 1 FROM staff_role sr WHERE sr.staff_id = s.id AND sr.role = who.role)))
            ),
            standby AS (
                SELECT s.id AS staff_id, 1 AS tier FROM staff s
                 WHERE $6 AND s.active AND EXISTS (SELECT 1 FROM staff_role sr WHERE sr.staff_id = s.id AND sr.role = 'supervisor')
                UNION ALL
                SELECT d.staff_id, 2 FROM duty d WHERE d.position = (SELECT min(position) FROM duty)
                UNION ALL
                SELECT s.id, 3 FROM staff s
                 WHERE s.active AND EXISTS (SELECT 1 FROM staff_role sr WHERE sr.staff_id = s.id AND sr.role = 'leader')
                UNION ALL
                SELECT s.id, 4 FROM staff s
                 WHERE s.active AND EXISTS (SELECT 1 FROM staff_role sr WHERE sr.staff_id = s.id AND sr.role = 'admin')
            ),
            fallback AS (
                SELECT DISTINCT live.id AS timer_id, sb.staff_id
                  FROM live
                  JOIN standby sb ON sb.tier = (SELECT min(tier) FROM standby)
                 WHERE NOT EXISTS (SELECT 1 FROM named n WHERE n.timer_id = live.id)
            ),
            recipient AS (
                SELECT * FROM named UNION SELECT * FROM fallback
            ),
            message AS (
                SELECT live.id, live.ticket_id, live.deadline_id, live.kind, live.step, live.dkind, live.deadline_due,
                       live.round, live.notice_id,
                       CASE WHEN live.dkind = 'ACKNOWLEDGE' THEN 'NOTICE_UNACKNOWLEDGED'
                            WHEN live.kind = 'WARNING' THEN 'DEADLINE_WARNING' WHEN live.kind = 'BREACH' THEN 'DEADLINE_BREACHED'
                            ELSE 'ESCALATION' END AS note_kind,
                       CASE WHEN live.dkind = 'ACKNOWLEDGE' THEN
                       format('%s: work instruction%s issued %s is NOT ACKNOWLEDGED%s', live.number,
                              coalesce(' to ' || live.notice_station, ''),
                              to_char(live.notice_issued AT TIME ZONE $5, 'YYYY-MM-DD HH24:MI'),
                              CASE WHEN live.kind = 'ESCALATION' THEN format(' (escalation step %s)', live.step)
                                   ELSE '' END)
                       ELSE
                       format('%s: %s deadline %s %s%s', live.number, live.dkind,
                              CASE live.kind WHEN 'WARNING' THEN 'falls due at' WHEN 'BREACH' THEN 'was missed at'
                                   ELSE 'still missed since' END,
                              to_char(live.deadline_due AT TIME ZONE $5, 'YYYY-MM-DD HH24:MI'),
                              CASE WHEN live.kind = 'ESCALATION' THEN format(' (escalation step %s)', live.step)
                                   ELSE '' END) END AS subject
                  FROM live
            ),
            outgoing AS (
                SELECT m.id AS key, 'timer:' || m.id AS source, m.note_kind AS kind, m.ticket_id, m.deadline_id,
                       m.notice_id, m.subject
                  FROM message m
            ),
            whom AS (
                SELECT r.timer_id AS key, r.staff_id FROM recipient r
            ),
            """ + NotificationService.deliverCtes("outgoing", "whom", "$2", true) + """
            ,
            event AS (
                INSERT INTO ticket_event (ticket_id, at, actor, type, detail)
                SELECT m.ticket_id, $2, 'deadline-engine',
                       CASE m.kind WHEN 'WARNING' THEN 'DEADLINE_WARNING' WHEN 'BREACH' THEN 'DEADLINE_BREACHED'
                            ELSE 'DEADLINE_ESCALATED' END,
                       json_build_object('kind', m.dkind, 'dueAt', m.deadline_due, 'step', m.step, 'round', m.round,
                                         'told', (SELECT coalesce(array_agg(r.staff_id ORDER BY r.staff_id), '{}')
                                                    FROM recipient r WHERE r.timer_id = m.id))::text
                  FROM message m
                RETURNING 1
            ),
            next_step AS (
                INSERT INTO deadline_timer (deadline_id, ticket_id, kind, step, planned_at, due_at, state, created_at)
                SELECT live.deadline_id, live.ticket_id, 'ESCALATION', live.step + 1,
                       greatest(live.planned_at + make_interval(secs => gap.secs), $2),
                       greatest(live.planned_at + make_interval(secs => gap.secs), $2),
                       'PENDING', $2
                  FROM live
                  JOIN last ON last.timer_id = live.id
                 CROSS JOIN LATERAL (SELECT CASE WHEN live.kind = 'ESCALATION' AND live.step >= coalesce(last.step, 0)
                                                 THEN $9::float8 ELSE $3::float8 END AS secs) AS gap
                 WHERE live.kind IN ('BREACH', 'ESCALATION')
                ON CONFLICT (deadline_id, kind, step) DO NOTHING
                RETURNING due_at
            ),
            done AS (
                UPDATE deadline_timer dt
                   SET state = CASE WHEN EXISTS (SELECT 1 FROM live WHERE live.id = dt.id) THEN 'FIRED' ELSE 'CANCELLED' END,
                       fired_at = $2, fired_by = $4, attempts = dt.attempts + 1,
                       -- engine delay only: a timer written already overdue (a backdated call, a revoked
                       -- exemption) is late from its writing, not from its instant
                       lateness_ms = (extract(epoch FROM ($2 - greatest(dt.planned_at, dt.created_at))) * 1000)::bigint
                  FROM t
                 WHERE dt.id = t.id
                RETURNING dt.id, dt.kind, dt.state, dt.lateness_ms
            )
            SELECT d.id, d.kind, d.state, d.lateness_ms,
                   (SELECT count(*) FROM breached) AS breaches,
                   (SELECT min(due_at) FROM next_step) AS next_due
              FROM done d""";

    /**
     * A timer whose effect failed: retried after $3 (doubling per attempt), or after $4 attempts
     * marked FAILED; answers its new state.
     */
    static final String FAILED = """
            UPDATE deadline_timer
               SET attempts = attempts + 1,
                   last_error = left($2, 2000),
                   state = CASE WHEN attempts + 1 >= $4 THEN 'FAILED' ELSE 'PENDING' END,
                   due_at = CASE WHEN attempts + 1 >= $4 THEN due_at
                                 ELSE $5::timestamptz + make_interval(secs => least($3 * power(2, attempts), 300)) END
             WHERE id = $1 AND state = 'PENDING'
            RETURNING state, ticket_id, deadline_id""";

    /** $1 timer, $2 now, $3 ticket, $4 deadline, $5 error: supervisors and administrators hear of a timer given up. */
    static final String ALERT_FAILED = """
            WITH what AS (
                SELECT $1::bigint AS key, 'timer-failed:' || $1::bigint AS source, 'TIMER_FAILED' AS kind,
                       $3::bigint AS ticket_id, $4::bigint AS deadline_id,
                       left('A deadline timer could not fire: ' || $5, 500) AS subject, NULL::bigint AS owner
            ),
            """ + NotificationService.tellCtes("what", "$2::timestamptz") + """
            SELECT count(*) FROM web""";

}
