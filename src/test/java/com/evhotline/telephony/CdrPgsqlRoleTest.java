package com.evhotline.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.EmbeddedPostgresResource;
import com.evhotline.support.FakePbx;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import com.evhotline.support.ami.FakeAmiServer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The database side of Asterisk's cdr_pgsql as {@code telephony/README.md} tells the administrator to set it
 * up: {@code telephony/cdr_pgsql_role.sql} applied as the database's owner, then a CDR inserted as the PBX's
 * restricted role the way cdr_pgsql builds its INSERT (the columns it reads from the catalog when it loads;
 * only those it has a value for, the rest left to their defaults), and the service recovering the call from it.
 */
@QuarkusTest
class CdrPgsqlRoleTest {

    private static final Path GRANTS = Path.of("telephony", "cdr_pgsql_role.sql");
    private static final String ROLE = "asterisk_cdr";
    private static final String ROLE_PASSWORD = "cdr-test-pw";
    private static final DateTimeFormatter DATE_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The query cdr_pgsql runs when it loads (Asterisk 22, config_module) for the table's columns. */
    private static final String COLUMNS = "SELECT a.attname, t.typname, a.attlen, a.attnotnull,"
            + " pg_catalog.pg_get_expr(d.adbin, d.adrelid) adsrc, a.atttypmod FROM (((pg_catalog.pg_class c"
            + " INNER JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace AND c.relname = 'cdr'"
            + " AND n.nspname = current_schema()) INNER JOIN pg_catalog.pg_attribute a ON (NOT a.attisdropped)"
            + " AND a.attnum > 0 AND a.attrelid = c.oid) INNER JOIN pg_catalog.pg_type t ON t.oid = a.atttypid)"
            + " LEFT OUTER JOIN pg_attrdef d ON a.atthasdef AND d.adrelid = a.attrelid AND d.adnum = a.attnum"
            + " ORDER BY n.nspname, c.relname, attnum";

    @Inject
    TestClock clock;

    private final FakeAmiServer pbx = FakePbx.ami();

    private static String url() {
        return "jdbc:postgresql://localhost:" + EmbeddedPostgresResource.port() + "/postgres";
    }

    private static void applyGrantsAsOwner() throws Exception {
        String script = Files.readString(GRANTS);
        try (Connection c = DriverManager.getConnection(url(), "postgres", EmbeddedPostgresResource.password()); Statement s = c.createStatement()) {
            s.execute(script);
            s.execute(script); // an administrator running it twice changes nothing
            s.execute("ALTER ROLE " + ROLE + " PASSWORD '" + ROLE_PASSWORD + "'");
        }
    }

    private static Connection asPbx() throws SQLException {
        return DriverManager.getConnection(url(), ROLE, ROLE_PASSWORD);
    }

    /**
     * An INSERT as cdr_pgsql's pgsql_log builds it: every column it read at load, with the CDR's value when
     * the CDR has one (numbers bare, the rest quoted), '' for a NOT NULL column without a default, and
     * nothing for the others, which take their defaults (so {@code id} draws from its sequence).
     */
    private static String insertAsCdrPgsql(Connection pbxConnection, Map<String, String> cdr) throws SQLException {
        record Column(String name, String type, boolean notNull, boolean hasDefault) {
        }
        List<Column> columns = new ArrayList<>();
        try (Statement s = pbxConnection.createStatement(); ResultSet rs = s.executeQuery(COLUMNS)) {
            while (rs.next()) {
                columns.add(new Column(rs.getString(1), rs.getString(2), rs.getBoolean(4), rs.getString(5) != null));
            }
        }
        assertTrue(columns.size() > 20, "cdr_pgsql finds the table's columns as the PBX's role: " + columns);
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Column col : columns) {
            String value = cdr.get(col.name().equals("calldate") ? "start" : col.name());
            if (value == null) {
                if (col.notNull() && !col.hasDefault()) {
                    names.add("\"" + col.name() + "\"");
                    values.add("''");
                }
                continue;
            }
            names.add("\"" + col.name() + "\"");
            boolean number = col.type().startsWith("int") || col.type().startsWith("float");
            values.add(number ? value : "'" + value.replace("'", "''") + "'");
        }
        return "INSERT INTO cdr (" + String.join(",", names) + ") VALUES (" + String.join(",", values) + ")";
    }

    /** The caller's CDR of a call answered by an agent in the queue, as Asterisk fills it (UTC wall-clock times). */
    private static Map<String, String> answeredInTheQueue(String linkedId, String caller, String agent, Instant start) {
        Map<String, String> cdr = new LinkedHashMap<>();
        cdr.put("clid", "\"\" <" + caller + ">");
        cdr.put("src", caller);
        cdr.put("dst", "4008001234");
        cdr.put("dcontext", "hotline-in");
        cdr.put("channel", "PJSIP/trunk-0000c001");
        cdr.put("dstchannel", "PJSIP/" + agent + "-0000c002");
        cdr.put("lastapp", "Queue");
        cdr.put("lastdata", "hotline,t,,,60");
        cdr.put("start", wallClock(start));
        cdr.put("answer", wallClock(start.plusSeconds(9)));
        cdr.put("end", wallClock(start.plusSeconds(70)));
        cdr.put("duration", "70");
        cdr.put("billsec", "61");
        cdr.put("disposition", "ANSWERED");
        cdr.put("amaflags", "DOCUMENTATION");
        cdr.put("accountcode", "");
        cdr.put("uniqueid", linkedId);
        cdr.put("userfield", "");
        cdr.put("linkedid", linkedId);
        cdr.put("peeraccount", "");
        cdr.put("sequence", "7");
        return cdr;
    }

    private static String wallClock(Instant at) {
        return LocalDateTime.ofInstant(at, ZoneOffset.UTC).format(DATE_FORMAT);
    }

    @Test
    void shouldLetThePbxsRoleAddACdrAsCdrPgsqlDoesAndNothingElse() throws Exception {
        applyGrantsAsOwner();
        String id = "1895900000.11";
        try (Connection c = asPbx(); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate(insertAsCdrPgsql(c, answeredInTheQueue(id, "13800000000", "agent-1",
                    Instant.parse("2030-06-01T02:00:00Z")))));

            for (String forbidden : List.of("SELECT count(*) FROM cdr", "DELETE FROM cdr",
                    "UPDATE cdr SET userfield = 'x'", "SELECT count(*) FROM call_record", "SELECT count(*) FROM app_user",
                    "INSERT INTO call_record (linked_id, started_at, outcome, office_hours) VALUES ('x', now(), 'MISSED', true)")) {
                SQLException refused = assertThrows(SQLException.class, () -> s.execute(forbidden), forbidden);
                assertEquals("42501", refused.getSQLState(), forbidden + ": " + refused.getMessage());
            }
        }
        assertEquals("hotline-in|ANSWERED|2030-06-01 02:00:00", Api.queryString("SELECT dcontext || '|' || disposition"
                + " || '|' || to_char(calldate, 'YYYY-MM-DD HH24:MI:SS') FROM cdr WHERE linkedid = '" + id + "'"));
        assertTrue(Api.queryLong("SELECT id FROM cdr WHERE linkedid = '" + id + "'") > 0, "its id from the sequence");
    }

    @Test
    void shouldRecoverACallThatPassedWhileTheServiceWasDownFromTheCdrThePbxsRoleWrote() throws Exception {
        applyGrantsAsOwner();
        assertTrue(pbx.awaitLogins(1, Duration.ofSeconds(20)));
        Instant start = OffsetDateTime.parse("2030-06-03T10:00:00+08:00").toInstant();
        clock.set(start.plusSeconds(600));
        String agent = Api.user("agent");
        String caller = Numbers.national();
        String id = start.getEpochSecond() + ".321";
        String leftCaller = Numbers.national();
        String left = (start.getEpochSecond() + 5) + ".322";
        try (Connection c = asPbx(); Statement s = c.createStatement()) {
            s.executeUpdate(insertAsCdrPgsql(c, answeredInTheQueue(id, caller, agent, start)));
            s.executeUpdate(insertAsCdrPgsql(c, leftTheQueue(left, leftCaller, start.plusSeconds(5))));
        }

        int logins = pbx.logins();
        pbx.dropConnection(); // the service logs in again and reconciles the CDR table
        assertTrue(pbx.awaitLogins(logins + 1, Duration.ofSeconds(20)));
        Await.until("the calls recovered from their CDRs", Duration.ofSeconds(30), () -> "2".equals(Api.queryString(
                "SELECT count(*) FROM call_record WHERE outcome_applied AND linked_id IN ('" + id + "', '" + left + "')")));

        assertEquals("ANSWERED|CDR|" + Numbers.e164(caller) + "|" + Api.staffId(agent), Api.queryString(
                "SELECT outcome || '|' || source || '|' || caller_number || '|' || answered_by FROM call_record"
                        + " WHERE linked_id = '" + id + "'"));
        assertEquals("OPEN", Api.queryString("SELECT t.status FROM ticket t JOIN call_record c ON c.ticket_id = t.id"
                + " WHERE c.linked_id = '" + id + "'"));
        assertEquals("ABANDONED|null|CALLBACK", Api.queryString("SELECT c.outcome || '|' || coalesce(c.answered_at::text,"
                + " 'null') || '|' || t.status FROM call_record c JOIN ticket t ON t.id = c.ticket_id"
                + " WHERE c.linked_id = '" + left + "'"), "cdr_pgsql's 1970 answer of an unanswered call is no answer");
    }

    /** The CDR of a caller who left the queue before anyone answered: cdr_pgsql writes the unset answer as 1970. */
    private static Map<String, String> leftTheQueue(String linkedId, String caller, Instant start) {
        Map<String, String> cdr = answeredInTheQueue(linkedId, caller, "agent-1", start);
        cdr.put("dstchannel", "");
        cdr.put("answer", "1970-01-01 00:00:00");
        cdr.put("billsec", "0");
        cdr.put("disposition", "NO ANSWER");
        return cdr;
    }
}
