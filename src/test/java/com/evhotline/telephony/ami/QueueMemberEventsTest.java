package com.evhotline.telephony.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.ami.FakeAmiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.QueueAddAction;
import org.asteriskjava.manager.action.QueuePauseAction;
import org.asteriskjava.manager.action.QueueRemoveAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue actions against the fake Asterisk with the real Asterisk-Java client: what Asterisk 22 answers, and
 * the member events as {@link QueueMemberEvents} reads them from Asterisk-Java's event classes.
 */
class QueueMemberEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PHONE = "PJSIP/1001";
    private static final Logger ASTERISK_JAVA_LOG = Logger.getLogger("org.asteriskjava");

    private final FakeAmiServer pbx = FakeAmiServer.start("hotline", "s3cret");
    private final List<MemberReport> reports = new ArrayList<>();
    private ManagerConnection connection;

    @BeforeAll
    static void quietAsteriskJava() {
        ASTERISK_JAVA_LOG.setLevel(Level.WARNING);
    }

    @BeforeEach
    void connect() throws Exception {
        connection = new ManagerConnectionFactory("127.0.0.1", pbx.port(), "hotline", "s3cret").createManagerConnection();
        connection.addEventListener(e -> {
            MemberReport r = QueueMemberEvents.translate(e);
            if (r != null) {
                synchronized (reports) {
                    reports.add(r);
                    reports.notifyAll();
                }
            }
        });
        connection.login();
    }

    @AfterEach
    void close() {
        connection.logoff();
        pbx.close();
    }

    @Test
    void aLoginPauseAndLogoutAreAnsweredAndReportedAsAsterisk22Does() throws Exception {
        QueueAddAction add = new QueueAddAction("hotline", PHONE);
        add.setMemberName("agent-1");
        add.setStateInterface(PHONE);
        add.setPaused(false);
        assertEquals("Added interface to queue", connection.sendAction(add).getMessage());
        MemberReport added = await(r -> r.kind() == MemberReport.Kind.ADDED);
        assertEquals("hotline|PJSIP/1001|agent-1|false|1", added.queue() + "|" + added.device() + "|"
                + added.memberName() + "|" + added.paused() + "|" + added.status());
        assertTrue(added.at() != null, "stamped, as with timestampevents = yes");

        ManagerResponse again = connection.sendAction(add);
        assertInstanceOf(ManagerError.class, again);
        assertEquals("Unable to add interface: Already there", again.getMessage());

        QueuePauseAction pause = new QueuePauseAction(PHONE, "hotline", true);
        pause.setReason("午饭 lunch");
        assertEquals("Interface paused successfully", connection.sendAction(pause).getMessage());
        MemberReport paused = await(r -> r.kind() == MemberReport.Kind.PAUSE);
        assertEquals(true, paused.paused());
        assertEquals("午饭 lunch", paused.reason());

        Instant ringing = Instant.parse("2030-01-02T03:04:05.123456Z");
        pbx.queueMemberStatus(PHONE, 6, false, ringing);
        MemberReport status = await(r -> r.kind() == MemberReport.Kind.STATUS);
        assertEquals(6, status.status());
        assertEquals(ringing, status.at());
        assertEquals("午饭 lunch", status.reason(), "a status event carries the pause too");

        QueueStatusAction list = new QueueStatusAction();
        list.setQueue("hotline");
        ResponseEvents answer = connection.sendEventGeneratingAction(list);
        List<MemberReport> listed = answer.getEvents().stream().filter(QueueMemberEvent.class::isInstance)
                .map(e -> QueueMemberEvents.listed((QueueMemberEvent) e)).toList();
        assertEquals(1, listed.size());
        MemberReport member = listed.get(0);
        assertEquals("PJSIP/1001|agent-1|true|午饭 lunch|6", member.device() + "|" + member.memberName() + "|"
                + member.paused() + "|" + member.reason() + "|" + member.status());

        assertEquals("Removed interface from queue",
                connection.sendAction(new QueueRemoveAction("hotline", PHONE)).getMessage());
        MemberReport removed = await(r -> r.kind() == MemberReport.Kind.REMOVED);
        assertEquals(PHONE, removed.device());
        assertFalse(pbx.inQueue("hotline", PHONE));
        assertEquals("Unable to remove interface: Not there",
                connection.sendAction(new QueueRemoveAction("hotline", PHONE)).getMessage());
        assertEquals("Interface not found", connection.sendAction(new QueuePauseAction(PHONE, "hotline", false))
                .getMessage());
    }

    @Test
    void theOlderQueueMemberPausedEventGivesItsReasonToo() throws Exception {
        pbx.sendRaw("Event: QueueMemberPaused\r\nPrivilege: agent,all\r\nQueue: hotline\r\nLocation: SIP/2002\r\n"
                + "MemberName: agent-2\r\nPaused: 1\r\nReason: training\r\n\r\n");
        MemberReport paused = await(r -> r.kind() == MemberReport.Kind.PAUSE);
        assertEquals("SIP/2002|true|training", paused.device() + "|" + paused.paused() + "|" + paused.reason());
        assertNull(paused.at(), "not stamped: the service's clock stands in");
    }

    private MemberReport await(Predicate<MemberReport> match) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        synchronized (reports) {
            while (true) {
                for (MemberReport r : reports) {
                    if (match.test(r)) {
                        return r;
                    }
                }
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no such report within " + WAIT + "; got " + reports);
                }
                reports.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
