package com.evhotline.bench;

import com.evhotline.db.EmbeddedDatabase;
import com.evhotline.ticket.FollowUpConfig;
import com.evhotline.ticket.FollowUpPolicy;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.WithDefault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Three years of a large maker's hotline, written set-based into the service's own schema: about 4,500 tickets a
 * day (fewer at weekends, most by day), two calls per ticket, their REPLY, DISPATCH, ACKNOWLEDGE and ARRIVAL
 * deadlines (mostly met, some late, breached or exempted), replies, dispatch notices with their web and SMS
 * messages and the SMS attempts, vehicle trips, each resolution's follow-up call with the calls made for it (which
 * close the ticket when they end it), history, and a few thousand tickets still open at the end.
 *
 * <p>The data ends at the instant it was generated. The service's own start creates the database and its schema
 * (whichever migrations the packaged service carries); this class then fills it through the embedded PostgreSQL
 * started on the same data directory, one month per transaction (a stopped run resumes at its first missing month),
 * with triggers and foreign-key checks off (the rows are consistent by construction). The data directory is kept and
 * reused while {@link #VERSION} matches; generation takes minutes.
 *
 * <p>Left out, because neither the figures nor the lists read them: the deadline engine's timers (their own
 * benchmark is {@code TimerBench}), customers' vehicles, the notices' progress reports.
 */
final class ScaleData {

    /** Raise it when what is generated changes: a data directory of another version is generated again. */
    static final int VERSION = 2;
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** How far back the data goes (a trial run asks for a month or two). */
    static final int MONTHS = Integer.getInteger("bench.scale.months", 36);
    /** Tickets on an average day (weekdays 1.16 of it, weekend days 0.6). */
    static final int PER_DAY = Integer.getInteger("bench.scale.perDay", 4_560);
    static final int CUSTOMERS = Integer.getInteger("bench.scale.customers", 3_000_000);
    static final int STATIONS = 300;
    /** The follow-up rules the data follows: the service's defaults ({@code HOTLINE_FOLLOW_UP_*} unset). */
    static final Duration FOLLOW_UP_AFTER = DurationConverter.parseDuration(followUpDefault("after"));
    static final int FOLLOW_UP_ATTEMPTS = Integer.parseInt(followUpDefault("attempts"));
    static final Duration FOLLOW_UP_RETRY_AFTER = DurationConverter.parseDuration(followUpDefault("retryAfter"));

    private ScaleData() {
    }

    /** What a data directory holds: its version, when its data ends, whether it is complete. */
    record Meta(int version, Instant end, boolean complete) {
    }

    /** The tables whose rows are counted in the report, in that order. */
    static final List<String> TABLES = List.of("ticket", "call_record", "deadline", "exemption", "ticket_event",
            "ticket_reply", "dispatch_notice", "notification", "notification_attempt", "vehicle_trip", "follow_up",
            "follow_up_attempt", "customer", "staff", "station");

    /**
     * Fills the database of a service data directory whose schema exists; resumes where a stopped run left off.
     * Answers the instant the data ends.
     */
    static Instant fill(Path dataDir) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir.resolve("postgres"));
                Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("ALTER SYSTEM SET max_wal_size = '8GB'");
                s.execute("ALTER SYSTEM SET checkpoint_timeout = '30min'");
                s.execute("SELECT pg_reload_conf()");
                s.execute("SET session_replication_role = replica");
                s.execute("SET synchronous_commit = off");
                s.execute("SET work_mem = '256MB'");
                s.execute("SET maintenance_work_mem = '1GB'");
                s.execute("SET TIME ZONE 'UTC'");
            }
            Instant end = begin(c);
            LocalDate first = end.atZone(ZONE).toLocalDate().minusMonths(MONTHS);
            LocalDate last = end.atZone(ZONE).toLocalDate();
            long started = System.nanoTime();
            for (LocalDate m = first.withDayOfMonth(1); !m.isAfter(last); m = m.plusMonths(1)) {
                LocalDate from = m.isBefore(first) ? first : m;
                LocalDate to = m.plusMonths(1);
                if (done(c, m)) {
                    continue;
                }
                long t0 = System.nanoTime();
                long tickets = month(c, m, from, to, end);
                System.out.printf(Locale.ROOT, "  %s: %,d tickets in %.1f s (%.0f s so far)%n", m, tickets,
                        (System.nanoTime() - t0) / 1e9, (System.nanoTime() - started) / 1e9);
            }
            finish(c, end);
            return end;
        }
    }

    /** The meta row of a data directory's database (null when it has none). */
    static Meta meta(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('bench.meta') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return null;
            }
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, data_end, complete FROM bench.meta")) {
            return rs.next() ? new Meta(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getBoolean(3)) : null;
        }
    }

    /** Starts a generation (people, stations, customers) or answers the end of the one under way. */
    private static Instant begin(Connection c) throws SQLException {
        Meta m = meta(c);
        if (m != null && m.version() == VERSION) {
            System.out.println("Resuming the generation of data ending " + m.end());
            return m.end();
        }
        if (m != null) {
            throw new IllegalStateException("the database holds data of generator version " + m.version()
                    + "; delete the data directory first");
        }
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant since = end.atZone(ZONE).minusMonths(MONTHS).minusDays(1).toInstant();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA bench");
            s.execute("CREATE TABLE bench.meta (version int NOT NULL, data_end timestamptz NOT NULL,"
                    + " complete boolean NOT NULL, customer_base bigint)");
            s.execute("CREATE TABLE bench.month_done (month date PRIMARY KEY)");
            s.execute("CREATE TABLE bench.people (kind text NOT NULL, i int NOT NULL, staff_id bigint NOT NULL,"
                    + " PRIMARY KEY (kind, i))");
            try (PreparedStatement p = c.prepareStatement(PEOPLE)) {
                p.setTimestamp(1, Timestamp.from(since));
                p.execute();
            }
            s.execute("INSERT INTO staff_role (staff_id, role) SELECT staff_id, kind FROM bench.people");
            try (PreparedStatement p = c.prepareStatement(STATIONS_SQL)) {
                p.setTimestamp(1, Timestamp.from(since));
                p.execute();
            }
            s.execute("UPDATE staff s SET station_id = st.id FROM station st WHERE st.manager_staff_id = s.id");
            long base;
            try (ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM customer")) {
                rs.next();
                base = rs.getLong(1) + 1;
            }
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO customer (id, phone, created_at, updated_at)
                    SELECT ? + i - 1, '+8613' || lpad(i::text, 9, '0'), ?, ? FROM generate_series(1, ?) i""")) {
                p.setLong(1, base);
                p.setTimestamp(2, Timestamp.from(since));
                p.setTimestamp(3, Timestamp.from(since));
                p.setInt(4, CUSTOMERS);
                p.execute();
            }
            s.execute("SELECT setval('customer_id_seq', (SELECT max(id) FROM customer))");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO bench.meta VALUES (?, ?, false, ?)")) {
                p.setInt(1, VERSION);
                p.setTimestamp(2, Timestamp.from(end));
                p.setLong(3, base);
                p.execute();
            }
        }
        c.commit();
        c.setAutoCommit(true);
        System.out.println("Generating " + MONTHS + " months of data ending " + end);
        return end;
    }

    private static boolean done(Connection c, LocalDate month) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM bench.month_done WHERE month = ?")) {
            p.setObject(1, month);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** One month's data in one transaction: answers its tickets. */
    private static long month(Connection c, LocalDate month, LocalDate from, LocalDate to, Instant end) throws SQLException {
        c.setAutoCommit(false);
        long tickets;
        try (Statement s = c.createStatement()) {
            s.execute("SELECT setseed(" + ((month.getYear() * 12 + month.getMonthValue()) % 1000) / 1000.0 + ")");
            s.execute(followUps(GENERATED).replace(":from", "'" + from + "'").replace(":to", "'" + to + "'")
                    .replace(":end", "'" + end + "'").replace(":perDay", Integer.toString(PER_DAY))
                    .replace(":customers", Integer.toString(CUSTOMERS)).replace(":stations", Integer.toString(STATIONS)));
            for (String statement : WRITES) {
                s.execute(followUps(statement).replace(":end", "'" + end + "'"));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM g")) {
                rs.next();
                tickets = rs.getLong(1);
            }
            s.execute("DROP TABLE g");
            s.execute("INSERT INTO bench.month_done VALUES ('" + month + "')");
        }
        c.commit();
        c.setAutoCommit(true);
        return tickets;
    }

    /** {@code sql} with the follow-up rules in place of :followUpAfter, :attempts, :retryAfter and :noNumber. */
    private static String followUps(String sql) {
        return sql.replace(":followUpAfter", "interval '" + FOLLOW_UP_AFTER.toSeconds() + " seconds'")
                .replace(":attempts", Integer.toString(FOLLOW_UP_ATTEMPTS))
                .replace(":retryAfter", "interval '" + FOLLOW_UP_RETRY_AFTER.toSeconds() + " seconds'")
                .replace(":noNumber", "'" + FollowUpPolicy.NO_NUMBER.replace("'", "''") + "'");
    }

    /** The default of a {@link FollowUpConfig} option, as the service reads it when nothing sets it. */
    private static String followUpDefault(String option) {
        try {
            return FollowUpConfig.class.getMethod(option).getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("FollowUpConfig has no option " + option, e);
        }
    }

    /** The day counters behind the numbers, the sequences, statistics and the visibility map; then complete. */
    private static void finish(Connection c, Instant end) throws SQLException {
        Meta m = meta(c);
        if (m != null && m.complete()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO ticket_number_counter (day, last)
                    SELECT substr(number, 4, 8)::date, max(substr(number, 13)::int) FROM ticket
                     WHERE number LIKE 'HL-________-____' GROUP BY 1
                    ON CONFLICT (day) DO UPDATE SET last = greatest(ticket_number_counter.last, excluded.last)""");
            for (String seq : List.of("ticket", "call_record", "deadline", "dispatch_notice", "notification",
                    "exemption", "ticket_event", "ticket_reply", "vehicle_trip", "notification_attempt", "follow_up",
                    "follow_up_attempt")) {
                s.execute("SELECT setval('" + seq + "_id_seq', (SELECT max(id) FROM " + seq + "))");
            }
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('ticket_tally') IS NOT NULL")) {
                rs.next();
                if (rs.getBoolean(1)) { // a schema with the list's tally, which the triggers left out fill
                    s.execute("DELETE FROM ticket_tally");
                    s.execute("INSERT INTO ticket_tally (day, status, category, n) SELECT (received_at AT TIME ZONE"
                            + " 'UTC')::date, status, category, count(*) FROM ticket GROUP BY 1, 2, 3");
                }
            }
            long t0 = System.nanoTime();
            s.execute("VACUUM (ANALYZE)");
            System.out.printf(Locale.ROOT, "  VACUUM (ANALYZE) in %.0f s%n", (System.nanoTime() - t0) / 1e9);
            s.execute("ALTER SYSTEM RESET max_wal_size");
            s.execute("ALTER SYSTEM RESET checkpoint_timeout");
            s.execute("SELECT pg_reload_conf()");
            s.execute("CHECKPOINT");
            s.execute("UPDATE bench.meta SET complete = true");
        }
    }

    /** Row counts of {@link #TABLES} and the database's size, for the report. */
    static Map<String, String> sizes(Connection c) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), pg_size_pretty(pg_total_relation_size('" + table
                        + "')) FROM " + table)) {
                    rs.next();
                    out.put(table, String.format(Locale.ROOT, "%,d rows, %s", rs.getLong(1), rs.getString(2)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
                rs.next();
                out.put("database", rs.getString(1));
            }
        }
        return out;
    }

    static String took(Duration d) {
        return String.format(Locale.ROOT, "%.1f min", d.toMillis() / 60_000.0);
    }

    /** Agents, supervisors, leaders, people on duty, regional managers and station managers; $1 when they joined. */
    private static final String PEOPLE = """
            WITH s AS (
                INSERT INTO staff (name, mobile, region, created_at)
                SELECT 'Bench ' || k.kind || ' ' || i, '+86137' || lpad((k.base + i)::text, 8, '0'),
                       'Region ' || (i % 20), ?
                  FROM (VALUES ('agent', 0, 80), ('supervisor', 1000, 6), ('leader', 2000, 3), ('duty', 3000, 12),
                               ('regional', 4000, 20), ('station', 5000, 300)) k(kind, base, n),
                       generate_series(1, k.n) i
                RETURNING id, name)
            INSERT INTO bench.people SELECT split_part(name, ' ', 2), split_part(name, ' ', 3)::int, id FROM s""";

    private static final String STATIONS_SQL = """
            INSERT INTO station (code, name, region, phone, manager_staff_id, created_at)
            SELECT 'BS' || lpad(i::text, 4, '0'), 'Bench station ' || i, 'Region ' || (i % 20),
                   '+862150' || lpad(i::text, 6, '0'), staff_id, ?
              FROM bench.people WHERE kind = 'station'""";

    /**
     * Table g: one row per ticket of the local days [:from, :to) received before :end, with everything that
     * happens to it decided up front (instants after :end have not happened yet), and the ids of its rows.
     */
    private static final String GENERATED = """
            CREATE TEMP TABLE g AS
            WITH days AS (
                SELECT day::date AS day,
                       round(:perDay * CASE WHEN extract(isodow FROM day) >= 6 THEN 0.6 ELSE 1.16 END
                             * (0.9 + 0.2 * random()))::int AS n
                  FROM generate_series(:from::date, :to::date - 1, interval '1 day') day),
            t AS (
                SELECT day,
                       date_trunc('second', (day + (CASE WHEN random() < 0.7 THEN 28800 + random() * 43200
                                                         ELSE random() * 86400 END) * interval '1 second')
                                            AT TIME ZONE 'Asia/Shanghai') AS received_at,
                       random() AS r_cat, random() AS r_cust, random() AS r_agent, random() AS r_reply,
                       random() AS r_reply_t, random() AS r_disp, random() AS r_disp_t, random() AS r_ack,
                       random() AS r_ack_t, random() AS r_station, random() AS r_band, random() AS r_trip,
                       random() AS r_arrive, random() AS r_handle, random() AS r_fu, random() AS r_fu_t,
                       random() AS r_c1, random() AS r_c2, random() AS r_c2_t, random() AS r_wd, random() AS r_lead,
                       random() AS r_fu_s
                  FROM days, generate_series(1, days.n)),
            u AS (
                SELECT t.*,
                       extract(isodow FROM received_at AT TIME ZONE 'Asia/Shanghai') <= 5
                           AND (received_at AT TIME ZONE 'Asia/Shanghai')::time >= '08:30'
                           AND (received_at AT TIME ZONE 'Asia/Shanghai')::time < '17:30' AS office_hours,
                       CASE WHEN r_cat < 0.55 THEN 'GENERAL_QUALITY' WHEN r_cat < 0.70 THEN 'COMPLAINT'
                            WHEN r_cat < 0.8995 THEN 'INQUIRY' WHEN r_cat < 0.9995 THEN 'RESCUE'
                            ELSE 'MAJOR_INCIDENT' END AS category,
                       r_reply < 0.005 AS withheld,
                       r_reply >= 0.005 AND r_reply < 0.0052 AS straggler
                  FROM t WHERE received_at < :end::timestamptz),
            v AS (
                SELECT u.*,
                       CASE WHEN office_hours THEN 'DAY' ELSE 'NIGHT' END AS shift,
                       interval '1 minute' * CASE WHEN office_hours THEN 30 ELSE 60 END AS reply_window,
                       interval '1 minute' * CASE WHEN office_hours THEN 60 ELSE 120 END AS dispatch_window,
                       category <> 'INQUIRY' AS owes_dispatch,
                       category <> 'INQUIRY' AND NOT withheld AND NOT straggler AND r_disp >= 0.003 AS dispatched,
                       CASE WHEN r_band < 0.4 THEN 'URBAN' WHEN r_band < 0.65 THEN 'COUNTY'
                            WHEN r_band < 0.8 THEN 'REGION' WHEN r_band < 0.95 THEN 'PROVINCE'
                            ELSE 'OUT_OF_PROVINCE' END AS band
                  FROM u),
            w AS (
                SELECT v.*,
                       received_at + reply_window AS reply_due,
                       CASE WHEN withheld OR straggler THEN NULL
                            WHEN r_reply < 0.93 THEN received_at + reply_window * (0.1 + 0.85 * r_reply_t)
                            ELSE received_at + reply_window + interval '1 minute' * (1 + 120 * r_reply_t) END AS reply_at,
                       received_at + dispatch_window AS dispatch_due,
                       CASE WHEN NOT dispatched THEN NULL
                            WHEN r_disp < 0.94 THEN received_at + dispatch_window * (0.2 + 0.75 * r_disp_t)
                            ELSE received_at + dispatch_window + interval '1 minute' * (1 + 180 * r_disp_t) END AS issue_at,
                       CASE WHEN band = 'URBAN' THEN 4 WHEN band = 'COUNTY' THEN 3 WHEN band = 'REGION' THEN 2
                            WHEN band = 'PROVINCE' THEN 24 ELSE 48 END AS band_hours
                  FROM v),
            x AS (
                SELECT w.*,
                       issue_at + interval '1 minute' * CASE WHEN r_ack < 0.9 THEN 1 + 25 * r_ack_t
                                                             ELSE 31 + 150 * r_ack_t END AS ack_at,
                       category = 'RESCUE' AND issue_at IS NOT NULL AS rescue,
                       category = 'RESCUE' AND issue_at IS NOT NULL AND r_trip < 0.97 AS trip
                  FROM w),
            y AS (
                SELECT x.*,
                       CASE WHEN trip THEN ack_at + interval '1 minute' * (5 + 20 * r_trip / 0.97) END AS departed_at,
                       received_at + interval '1 hour' * band_hours AS arrival_due
                  FROM x),
            z AS (
                SELECT y.*,
                       -- most vehicles arrive in time; those that left late, or one in eight, do not
                       departed_at + greatest(arrival_due - departed_at, interval '20 minutes')
                           * (0.3 + 0.8 * r_arrive) AS arrived_at,
                       received_at + CASE
                           WHEN category IN ('GENERAL_QUALITY', 'COMPLAINT')
                               THEN interval '1 day' * least(30, -ln(greatest(r_handle, 1e-9)) * 1.4)
                           WHEN category = 'INQUIRY' THEN interval '10 minutes' + interval '6 hours' * r_handle
                           WHEN category = 'RESCUE' THEN interval '3 hours' + interval '2 days' * r_handle
                           ELSE interval '2 hours' + interval '36 hours' * r_handle END AS handled_at
                  FROM y),
            r AS (
                SELECT z.*,
                       CASE WHEN straggler THEN NULL
                            ELSE greatest(handled_at, reply_at, issue_at, ack_at, arrived_at) + interval '5 minutes'
                       END AS resolve_at
                  FROM z),
            f AS (
                -- the follow-up call the resolution owes, by the service's defaults (FollowUpConfig): the calls
                -- made for it, the first within hours of its due instant, the others a retry wait and a while
                -- apart; the last reaches the customer (96 %, mostly at the first call) or, the last allowed,
                -- leaves them unreachable (2 %); the rest (2 %) stay due after fewer calls nobody answered, never
                -- called again; a withheld number leaves nobody to call
                SELECT r.*,
                       resolve_at + :followUpAfter AS fu_due,
                       resolve_at + :followUpAfter + interval '10 minutes' + interval '8 hours' * r_fu_t AS fu_first,
                       :retryAfter + interval '5 minutes' + interval '1 hour' * r_fu_t AS fu_gap,
                       CASE WHEN withheld THEN 0
                            WHEN r_fu < 0.02 THEN floor(r_fu / 0.02 * :attempts)::int
                            WHEN r_fu < 0.04 THEN :attempts
                            ELSE least(:attempts, CASE WHEN r_fu < 0.08 THEN 3 WHEN r_fu < 0.22 THEN 2 ELSE 1 END)
                       END AS fu_calls,
                       NOT withheld AND r_fu >= 0.02 AS fu_ends,
                       NOT withheld AND r_fu >= 0.04 AS fu_reached,
                       -- 95 % satisfied (4 or 5)
                       CASE WHEN r_fu_s < 0.72 THEN 5 WHEN r_fu_s < 0.95 THEN 4 WHEN r_fu_s < 0.98 THEN 3
                            WHEN r_fu_s < 0.992 THEN 2 ELSE 1 END AS fu_score
                  FROM r)
            SELECT nextval('ticket_id_seq') AS id,
                   'HL-' || to_char(day, 'YYYYMMDD') || '-'
                       || lpad((row_number() OVER (PARTITION BY day ORDER BY received_at))::text, 4, '0') AS number,
                   f.*,
                   -- the ticket closes when its follow-up ends, at once when there is nobody to call
                   CASE WHEN withheld THEN resolve_at WHEN fu_ends THEN fu_first + (fu_calls - 1) * fu_gap END AS close_at,
                   CASE WHEN resolve_at <= :end::timestamptz THEN nextval('follow_up_id_seq') END AS fu_id,
                   (SELECT base FROM (SELECT customer_base AS base FROM bench.meta) b)
                       + floor(power(r_cust, 1.3) * :customers)::bigint AS customer_id,
                   (SELECT staff_id FROM bench.people WHERE kind = 'agent' AND i = 1 + floor(r_agent * 80)::int) AS agent_id,
                   (SELECT staff_id FROM bench.people WHERE kind = 'duty' AND i = 1 + floor(r_agent * 12)::int) AS duty_id,
                   (SELECT st.id FROM station st WHERE st.code = 'BS' || lpad((1 + floor(r_station * :stations))::text, 4, '0'))
                       AS station_id,
                   nextval('deadline_id_seq') AS reply_dl,
                   CASE WHEN owes_dispatch THEN nextval('deadline_id_seq') END AS dispatch_dl,
                   CASE WHEN issue_at <= :end::timestamptz THEN nextval('dispatch_notice_id_seq') END AS notice_id,
                   CASE WHEN issue_at <= :end::timestamptz THEN nextval('deadline_id_seq') END AS ack_dl,
                   CASE WHEN rescue AND issue_at <= :end::timestamptz THEN nextval('deadline_id_seq') END AS arrival_dl,
                   r_c1 >= 0.95 AND NOT withheld AS c1_unanswered,
                   received_at + interval '10 minutes' + interval '20 hours' * r_c2_t AS c2_at
              FROM f""";

    /** What each ticket of g writes; :end is when the data ends (nothing after it has happened). */
    private static final List<String> WRITES = List.of(
            """
            ALTER TABLE g ADD COLUMN status text, ADD COLUMN withdrawn boolean, ADD COLUMN fu_made int,
                          ADD COLUMN fu_state text""",
            // a follow-up ends exactly when its ticket closes: DUE while the ticket is RESOLVED
            """
            UPDATE g SET withdrawn = category = 'INQUIRY' AND r_wd < 0.15,
                   status = CASE WHEN close_at <= :end::timestamptz THEN 'CLOSED'
                                 WHEN resolve_at <= :end::timestamptz THEN 'RESOLVED'
                                 WHEN issue_at <= :end::timestamptz THEN 'DISPATCHED'
                                 WHEN reply_at <= :end::timestamptz THEN 'REPLIED'
                                 WHEN c1_unanswered OR withheld THEN 'CALLBACK' ELSE 'OPEN' END,
                   fu_made = (SELECT count(*) FROM generate_series(1, fu_calls) k
                               WHERE fu_first + (k - 1) * fu_gap <= :end::timestamptz),
                   fu_state = CASE WHEN fu_id IS NULL THEN NULL
                                   WHEN withheld THEN 'NOT_POSSIBLE'
                                   WHEN close_at <= :end::timestamptz AND fu_reached THEN 'REACHED'
                                   WHEN close_at <= :end::timestamptz THEN 'UNREACHABLE' ELSE 'DUE' END""",
            """
            INSERT INTO ticket (id, number, status, category, caller_number, customer_id, description, received_at, shift,
                                office_hours, assignee_id, resolution, resolved_at, closed_at, created_at, updated_at,
                                was_major_incident, distance_band)
            SELECT id, number, status, category, CASE WHEN NOT withheld THEN '+8613' || lpad((customer_id
                       - (SELECT customer_base FROM bench.meta) + 1)::text, 9, '0') END,
                   CASE WHEN NOT withheld THEN customer_id END, 'Bench ticket', received_at, shift, office_hours,
                   agent_id, CASE WHEN status IN ('RESOLVED', 'CLOSED') THEN 'fixed' END,
                   CASE WHEN status IN ('RESOLVED', 'CLOSED') THEN resolve_at END,
                   CASE WHEN status = 'CLOSED' THEN close_at END, received_at,
                   greatest(received_at, CASE WHEN status = 'CLOSED' THEN close_at WHEN status = 'RESOLVED' THEN resolve_at
                                              WHEN status = 'DISPATCHED' THEN issue_at WHEN status = 'REPLIED' THEN reply_at END),
                   category = 'MAJOR_INCIDENT', CASE WHEN arrival_dl IS NOT NULL THEN band END
              FROM g""",
            """
            INSERT INTO dispatch_notice (id, ticket_id, station_id, instruction, state, issued_at, issued_by,
                                         acknowledged_at, acknowledged_by)
            SELECT notice_id, id, station_id, 'Look at the car of ' || number,
                   CASE WHEN ack_at <= :end::timestamptz THEN 'ACKNOWLEDGED' ELSE 'ISSUED' END, issue_at, 'bench-agent',
                   CASE WHEN ack_at <= :end::timestamptz THEN ack_at END,
                   CASE WHEN ack_at <= :end::timestamptz THEN 'bench-station' END
              FROM g WHERE notice_id IS NOT NULL""",
            // each deadline as it stands at :end: met in time, met late, breached and owed, pending, or exempted
            """
            INSERT INTO deadline (id, ticket_id, kind, due_at, state, met_at, round, notice_id)
            SELECT d.id, g.id, d.kind, d.due,
                   CASE WHEN d.exempt_at <= :end::timestamptz THEN 'EXEMPT'
                        WHEN d.met <= :end::timestamptz AND d.met <= d.due THEN 'MET'
                        WHEN d.met <= :end::timestamptz OR d.due <= :end::timestamptz THEN 'BREACHED'
                        ELSE 'PENDING' END,
                   CASE WHEN coalesce(d.exempt_at > :end::timestamptz, true) AND d.met <= :end::timestamptz THEN d.met END, 1, d.notice
              FROM g CROSS JOIN LATERAL (VALUES
                       (g.reply_dl, 'REPLY', g.reply_due, g.reply_at,
                        CASE WHEN g.withheld THEN g.received_at + interval '2 minutes' END, NULL::bigint),
                       (g.dispatch_dl, 'DISPATCH', g.dispatch_due, g.issue_at,
                        CASE WHEN g.withheld THEN g.received_at + interval '2 minutes'
                             WHEN g.owes_dispatch AND NOT g.dispatched AND NOT g.straggler
                                 THEN g.received_at + interval '20 minutes' END, NULL),
                       (g.ack_dl, 'ACKNOWLEDGE', g.issue_at + interval '30 minutes', g.ack_at, NULL, g.notice_id),
                       (g.arrival_dl, 'ARRIVAL', g.arrival_due, g.arrived_at, CASE WHEN NOT g.trip THEN g.ack_at END, NULL))
                   AS d(id, kind, due, met, exempt_at, notice)
             WHERE d.id IS NOT NULL""",
            """
            INSERT INTO exemption (ticket_id, deadline_id, kind, reason, created_by, created_at)
            SELECT g.id, d.id, d.kind, d.reason, d.who, d.at
              FROM g CROSS JOIN LATERAL (VALUES
                       (g.reply_dl, 'REPLY', g.withheld, 'withheld number: nobody to call back', 'system',
                        g.received_at + interval '2 minutes'),
                       (g.dispatch_dl, 'DISPATCH', g.withheld, 'withheld number: nobody to call back', 'system',
                        g.received_at + interval '2 minutes'),
                       (g.dispatch_dl, 'DISPATCH', g.owes_dispatch AND NOT g.dispatched AND NOT g.withheld AND NOT g.straggler,
                        'Accident beyond first-hand handling', 'bench-supervisor', g.received_at + interval '20 minutes'),
                       (g.arrival_dl, 'ARRIVAL', NOT g.trip, 'Fixed on the telephone, no vehicle sent', 'bench-supervisor',
                        g.ack_at))
                   AS d(id, kind, exempt, reason, who, at)
             WHERE d.exempt AND d.id IS NOT NULL AND d.at <= :end::timestamptz""",
            """
            INSERT INTO call_record (linked_id, ticket_id, caller_number, started_at, answered_at, ended_at, outcome,
                                     answered_by, office_hours, route, queue, answered_by_name, withheld, source,
                                     outcome_applied, updated_at, routed_at)
            SELECT 'bench-' || g.id || '-' || c.n, g.id, t.caller_number, c.at,
                   CASE WHEN c.answered THEN c.at + interval '1 second' * (5 + 40 * c.r) END,
                   c.at + CASE WHEN c.answered THEN interval '1 minute' * (1 + 10 * c.r) ELSE interval '40 seconds' END,
                   CASE WHEN c.answered AND c.office THEN 'ANSWERED' WHEN c.answered THEN 'FORWARDED'
                        WHEN (g.id + c.n) % 5 < 3 THEN 'MISSED' ELSE 'ABANDONED' END,
                   CASE WHEN c.answered AND c.office THEN g.agent_id WHEN c.answered THEN g.duty_id END,
                   c.office, CASE WHEN c.office THEN 'QUEUE' ELSE 'FORWARD' END,
                   CASE WHEN c.office THEN 'hotline' END, NULL, t.caller_number IS NULL, 'AGI', true,
                   c.at + interval '10 minutes', c.at
              FROM g JOIN ticket t ON t.id = g.id
                   CROSS JOIN LATERAL (
                       SELECT 1 AS n, g.received_at AS at, NOT g.c1_unanswered AND NOT g.withheld AS answered,
                              g.office_hours AS office, g.r_c1 AS r
                       UNION ALL
                       SELECT 2, g.c2_at, g.r_c2 < 0.92,
                              extract(isodow FROM g.c2_at AT TIME ZONE 'Asia/Shanghai') <= 5
                                  AND (g.c2_at AT TIME ZONE 'Asia/Shanghai')::time >= '08:30'
                                  AND (g.c2_at AT TIME ZONE 'Asia/Shanghai')::time < '17:30', g.r_c2
                        WHERE g.c2_at + interval '12 minutes' <= :end::timestamptz) c""",
            // each resolution's follow-up as it stands at :end (FollowUps): next_call_at is due_at until a call
            // nobody answered moves it on (the call that ends it moves nothing); one follow-up per ticket, since no
            // ticket is reopened, so one DUE at most
            """
            INSERT INTO follow_up (id, ticket_id, resolved_at, due_at, next_call_at, state, attempts, satisfaction,
                                   reason, done_at, done_by, created_at)
            SELECT g.fu_id, g.id, g.resolve_at, g.fu_due,
                   CASE WHEN m.unanswered = 0 THEN g.fu_due
                        ELSE g.fu_first + (m.unanswered - 1) * g.fu_gap + :retryAfter END,
                   g.fu_state, g.fu_made, CASE WHEN g.fu_state = 'REACHED' THEN g.fu_score END,
                   CASE WHEN g.fu_state = 'NOT_POSSIBLE' THEN :noNumber END,
                   CASE WHEN g.fu_state <> 'DUE' THEN g.close_at END,
                   CASE WHEN g.fu_state <> 'DUE' THEN 'bench-agent' END, g.resolve_at
              FROM g CROSS JOIN LATERAL (
                       SELECT g.fu_made - CASE WHEN g.fu_state IN ('REACHED', 'UNREACHABLE') THEN 1 ELSE 0 END
                                  AS unanswered) m
             WHERE g.fu_id IS NOT NULL""",
            """
            INSERT INTO follow_up_attempt (follow_up_id, called_at, called_by, reached, satisfaction, note)
            SELECT g.fu_id, g.fu_first + (k - 1) * g.fu_gap, 'bench-agent', a.reached,
                   CASE WHEN a.reached THEN g.fu_score END, CASE WHEN NOT a.reached THEN 'No answer' END
              FROM g CROSS JOIN LATERAL generate_series(1, g.fu_made) k
                     CROSS JOIN LATERAL (SELECT g.fu_reached AND k = g.fu_calls AS reached) a
             WHERE g.fu_id IS NOT NULL""",
            """
            INSERT INTO ticket_reply (ticket_id, channel, text, replied_at, replied_by)
            SELECT id, 'PHONE', 'We are looking at it', reply_at, 'bench-agent' FROM g WHERE reply_at <= :end::timestamptz""",
            // each ticket's history, its follow-up calls between its resolving and its closing; those three say in
            // their details what TicketLifecycleService writes
            """
            INSERT INTO ticket_event (ticket_id, at, actor, type, detail)
            SELECT g.id, e.at, e.actor, e.type, e.detail
              FROM g CROSS JOIN LATERAL (
                       VALUES
                       (g.received_at, 'system', 'OPENED', '{"category":"' || g.category || '","shift":"' || g.shift || '"}'),
                       (CASE WHEN g.withdrawn THEN g.received_at + interval '5 minutes' END, 'bench-agent',
                        'DEADLINE_WITHDRAWN', '{"kind":"DISPATCH","reason":"Only a question"}'),
                       (CASE WHEN g.withheld THEN g.received_at + interval '2 minutes' END, 'system',
                        'DEADLINE_EXEMPTED', '{"kind":"REPLY"}'),
                       (g.reply_at, 'bench-agent', 'REPLY_RECORDED', '{"channel":"PHONE"}'),
                       (g.issue_at, 'bench-agent', 'NOTICE_ISSUED', '{"noticeId":' || g.notice_id || '}'),
                       (g.ack_at, 'bench-station', 'NOTICE_ACKNOWLEDGED', '{"noticeId":' || g.notice_id || '}'),
                       (g.resolve_at, 'bench-agent', 'RESOLVED', '{"resolution":"fixed","followUp":'
                            || CASE WHEN g.withheld THEN '"NOT_POSSIBLE","followUpReason":"' || :noNumber || '"'
                                    ELSE '"DUE","followUpDueAt":"' || to_char(g.fu_due AT TIME ZONE 'UTC',
                                             'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '"' END || '}')
                       UNION ALL
                       SELECT c.at, 'bench-agent', 'FOLLOW_UP_RECORDED',
                              '{"attempt":' || c.k || ',"reached":' || c.reached
                                  || CASE WHEN c.reached THEN ',"satisfaction":' || g.fu_score
                                          ELSE ',"note":"No answer"' END
                                  || ',"followUp":"' || c.state || '"'
                                  || CASE WHEN c.state = 'DUE' THEN ',"nextCallAt":"' || to_char((c.at + :retryAfter)
                                              AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '"' ELSE '' END
                                  || '}'
                         FROM generate_series(1, g.fu_made) k
                              CROSS JOIN LATERAL (
                                  SELECT k, g.fu_first + (k - 1) * g.fu_gap AS at, g.fu_reached AND k = g.fu_calls AS reached,
                                         CASE WHEN g.fu_reached AND k = g.fu_calls THEN 'REACHED'
                                              WHEN g.fu_ends AND k = g.fu_calls THEN 'UNREACHABLE' ELSE 'DUE' END AS state) c
                       UNION ALL
                       VALUES
                       (g.close_at, 'bench-agent', 'CLOSED',
                        CASE WHEN g.withheld THEN '{"followUp":"NOT_POSSIBLE","reason":"' || :noNumber || '"}'
                             WHEN g.fu_reached THEN '{"followUp":"REACHED","satisfaction":' || g.fu_score || '}'
                             ELSE '{"followUp":"UNREACHABLE"}' END)) AS e(at, actor, type, detail)
             WHERE e.at <= :end::timestamptz""",
            """
            WITH n AS (
                INSERT INTO notification (created_at, source, kind, channel, recipient_staff_id, ticket_id, notice_id,
                                          subject, state, delivered_at, read_at, planned, address, attempts,
                                          accepted_at, acknowledged_at, acknowledged_by)
                SELECT g.issue_at, 'notice:' || g.notice_id, 'DISPATCH_NOTICE', m.channel, st.manager_staff_id, g.id,
                       g.notice_id, 'Work instruction ' || g.number,
                       CASE WHEN m.channel = 'SMS' THEN 'ACCEPTED' WHEN g.ack_at <= :end::timestamptz THEN 'ACKNOWLEDGED'
                            ELSE 'DELIVERED' END,
                       g.issue_at, CASE WHEN m.channel = 'WEB' AND g.ack_at <= :end::timestamptz THEN g.ack_at END, true,
                       CASE WHEN m.channel = 'SMS' THEN '+86137' || lpad((5000 + st.id % 300 + 1)::text, 8, '0') END,
                       CASE WHEN m.channel = 'SMS' THEN 1 ELSE 0 END,
                       CASE WHEN m.channel = 'SMS' THEN g.issue_at + interval '2 seconds' END,
                       CASE WHEN m.channel = 'WEB' AND g.ack_at <= :end::timestamptz THEN g.ack_at END,
                       CASE WHEN m.channel = 'WEB' AND g.ack_at <= :end::timestamptz THEN 'bench-station' END
                  FROM g JOIN station st ON st.id = g.station_id CROSS JOIN (VALUES ('WEB'), ('SMS')) m(channel)
                 WHERE g.notice_id IS NOT NULL
                RETURNING id, channel, created_at)
            INSERT INTO notification_attempt (notification_id, at, outcome, detail)
            SELECT id, created_at + interval '2 seconds', 'ACCEPTED', '200' FROM n WHERE channel = 'SMS'""",
            // a major incident told every leader at once, in the inbox and by SMS (a few SMS not accepted)
            """
            INSERT INTO notification (created_at, source, kind, channel, recipient_staff_id, ticket_id, subject, state,
                                      delivered_at, planned, address, attempts, accepted_at, recipient_was_leader)
            SELECT g.received_at, 'major:' || g.id, 'MAJOR_INCIDENT', m.channel, p.staff_id, g.id,
                   'Major incident ' || g.number,
                   CASE WHEN m.channel = 'WEB' THEN 'DELIVERED' WHEN g.r_lead < 0.97 THEN 'ACCEPTED' ELSE 'FAILED' END,
                   g.received_at, true, CASE WHEN m.channel = 'SMS' THEN '+86137' || lpad((2000 + p.i)::text, 8, '0') END,
                   CASE WHEN m.channel = 'SMS' THEN 1 ELSE 0 END,
                   CASE WHEN m.channel = 'SMS' AND g.r_lead < 0.97 THEN g.received_at + interval '2 seconds' END, true
              FROM g CROSS JOIN bench.people p CROSS JOIN (VALUES ('WEB'), ('SMS')) m(channel)
             WHERE g.category = 'MAJOR_INCIDENT' AND p.kind = 'leader'""",
            """
            INSERT INTO vehicle_trip (ticket_id, station_id, plate, crew, departed_at, arrived_at, returned_at, recorded_by,
                                      recorded_at, updated_at)
            SELECT id, station_id, '粤B' || lpad((id % 100000)::text, 5, '0'), ARRAY['Crew of ' || number], departed_at,
                   CASE WHEN arrived_at <= :end::timestamptz THEN arrived_at END,
                   CASE WHEN arrived_at + interval '2 hours' <= :end::timestamptz THEN arrived_at + interval '2 hours' END,
                   'bench-station', departed_at, greatest(departed_at, least(arrived_at, :end::timestamptz))
              FROM g WHERE trip AND departed_at <= :end::timestamptz""");
}
