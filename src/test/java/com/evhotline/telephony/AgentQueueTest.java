package com.evhotline.telephony;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.FakePbx;
import com.evhotline.support.ami.AmiFrame;
import com.evhotline.support.ami.FakeAmiServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An agent logs their own phone in to the agents' queue, pauses it with a reason, ends the pause and logs out,
 * through AMI against the test-side PBX; what they read back is what the PBX reports, including what changed
 * on the PBX's side (the phone ringing, members restored after a restart).
 */
@QuarkusTest
class AgentQueueTest {

    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final String QUEUE = "/api/agents/me/queue";

    private final FakeAmiServer pbx = FakePbx.ami();

    @Inject
    AgentStatesHeard heard;

    private static String phone() {
        return "PJSIP/q" + System.nanoTime() % 10_000_000;
    }

    /** An agent with a phone in staff data, once the service is logged in to the PBX. */
    private static String agentWith(String device) {
        String agent = Api.user(Map.of("device", device), "agent");
        Await.until("the service's link to the PBX", BOUND, () -> as(agent).get(QUEUE).statusCode() == 200);
        return agent;
    }

    private static JsonPath state(String agent) {
        return as(agent).get(QUEUE).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldLogInPauseWithAReasonUnpauseAndLogOutTheAgentsOwnPhone() {
        String device = phone();
        String agent = agentWith(device);
        long staffId = Api.staffId(agent);
        assertFalse(state(agent).getBoolean("loggedIn"));

        as(agent).post(QUEUE + "/login").then().statusCode(200)
                .body("staffId", equalTo((int) staffId))
                .body("device", equalTo(device))
                .body("loggedIn", equalTo(true))
                .body("paused", equalTo(false))
                .body("deviceState", equalTo("NOT_INUSE"))
                .body("memberName", equalTo(agent));
        assertTrue(pbx.inQueue("hotline", device), "the phone is a member of the PBX's queue");
        AmiFrame add = pbx.actions().stream().filter(a -> "QueueAdd".equalsIgnoreCase(a.get("Action"))
                && device.equals(a.get("Interface"))).findFirst().orElseThrow();
        assertEquals("hotline|" + agent + "|" + device + "|false", add.get("Queue") + "|" + add.get("MemberName") + "|"
                + add.get("StateInterface") + "|" + add.get("Paused"),
                "the member named by the login username, which call records map to the person who answered");
        assertTrue(state(agent).getBoolean("loggedIn"));

        as(agent).body(Map.of("reason", "  午饭  ")).post(QUEUE + "/pause").then().statusCode(200)
                .body("paused", equalTo(true))
                .body("reason", equalTo("午饭"));
        assertEquals("1|午饭", pbx.queueMember("hotline", device).get("Paused") + "|"
                + pbx.queueMember("hotline", device).get("PausedReason"));
        assertEquals("午饭", state(agent).getString("reason"));

        as(agent).post(QUEUE + "/unpause").then().statusCode(200)
                .body("loggedIn", equalTo(true))
                .body("paused", equalTo(false))
                .body("reason", nullValue());
        assertEquals("0", pbx.queueMember("hotline", device).get("Paused"));

        as(agent).post(QUEUE + "/logout").then().statusCode(200).body("loggedIn", equalTo(false));
        assertFalse(pbx.inQueue("hotline", device));
        assertFalse(state(agent).getBoolean("loggedIn"));

        List<String> fired = heard.of(device).stream()
                .map(s -> s.staffId() + " " + s.loggedIn() + " " + s.paused() + " " + s.reason()).toList();
        assertEquals(List.of(staffId + " true false null", staffId + " true true 午饭", staffId + " true false null",
                staffId + " false false null"), fired, "every change fired, in order, with the person");
    }

    @Test
    void shouldTakeALoginWhenAlreadyThereAndALogoutWhenAlreadyOutAsDone() {
        String device = phone();
        String agent = agentWith(device);
        pbx.putQueueMember("hotline", device, agent, true, "meeting"); // another client put it there meanwhile

        as(agent).post(QUEUE + "/login").then().statusCode(200)
                .body("loggedIn", equalTo(true))
                .body("paused", equalTo(true))
                .body("reason", equalTo("meeting"));

        pbx.dropQueueMember("hotline", device); // gone from the PBX without a word
        as(agent).post(QUEUE + "/logout").then().statusCode(200).body("loggedIn", equalTo(false));
        as(agent).body(Map.of("reason", "break")).post(QUEUE + "/pause").then().statusCode(409)
                .body("detail", containsString("log in first"));
    }

    @Test
    void shouldShowThePhoneRingingAndInUseAsThePbxReportsIt() {
        String device = phone();
        String agent = agentWith(device);
        as(agent).post(QUEUE + "/login").then().statusCode(200);

        Instant ringing = Instant.parse("2031-06-01T02:03:04.500Z");
        pbx.queueMemberStatus(device, 6, false, ringing);
        Await.until("the phone shown ringing", BOUND, () -> "RINGING".equals(state(agent).getString("deviceState")));
        assertEquals(ringing, OffsetDateTime.parse(state(agent).getString("since")).toInstant());
        assertTrue(state(agent).getString("since").endsWith("+08:00"), "in the service's zone");

        pbx.queueMemberStatus(device, 2, true, ringing.plusSeconds(4));
        Await.until("the phone shown in use", BOUND, () -> "INUSE".equals(state(agent).getString("deviceState")));
        assertTrue(state(agent).getBoolean("inCall"));
        AgentState last = heard.of(device).get(heard.of(device).size() - 1);
        assertEquals(DeviceState.INUSE, last.deviceState());
        assertEquals(Api.staffId(agent), last.staffId(), "named by the phone in staff data");
    }

    @Test
    void shouldReadTheQueueAgainWhenTheLinkToThePbxComesBack() {
        String device = phone();
        String agent = agentWith(device);
        pbx.putQueueMember("hotline", device, agent, true, "training"); // restored by a PBX restart: no event
        assertFalse(state(agent).getBoolean("loggedIn"), "nothing said of it yet");

        reconnect();
        Await.until("the member read from the PBX's list", BOUND, () -> state(agent).getBoolean("loggedIn"));
        assertEquals("training", state(agent).getString("reason"));

        pbx.dropQueueMember("hotline", device);
        reconnect();
        Await.until("the member the PBX no longer lists gone", BOUND, () -> !state(agent).getBoolean("loggedIn"));
    }

    @Test
    void shouldAnswer503WhileThereIsNoLinkToThePbx() {
        String device = phone();
        String agent = agentWith(device);
        int logins = pbx.logins();
        pbx.refuseLogins(true);
        try {
            pbx.dropConnection();
            Await.until("the link seen down", BOUND, () -> as(agent).post(QUEUE + "/login").statusCode() == 503);
            as(agent).post(QUEUE + "/login").then().statusCode(503).body("detail", containsString("no link to the PBX"));
            as(agent).get(QUEUE).then().statusCode(503);
        } finally {
            pbx.refuseLogins(false);
        }
        assertTrue(pbx.awaitLogins(logins + 1, Duration.ofSeconds(60)), "the service logs in again");
        Await.until("the link back", BOUND, () -> as(agent).get(QUEUE).statusCode() == 200);
        assertFalse(pbx.inQueue("hotline", device), "nothing was sent meanwhile");
    }

    @Test
    void shouldRefuseWithoutAPhoneOnRecordOrAReasonAndKeepTheListForSupervisors() {
        String noPhone = Api.user("agent");
        as(noPhone).post(QUEUE + "/login").then().statusCode(409)
                .body("detail", equalTo("no phone (device) on record for you; an administrator sets it in staff data"
                        + " (PATCH /api/staff/{id} with device, such as PJSIP/1001)"));
        as(noPhone).get(QUEUE).then().statusCode(409);

        String device = phone();
        String agent = agentWith(device);
        as(agent).post(QUEUE + "/pause").then().statusCode(400).body("detail", containsString("reason"));
        as(agent).body(Map.of("reason", "   ")).post(QUEUE + "/pause").then().statusCode(400)
                .body("detail", containsString("reason: say why you pause"));
        as(agent).body(Map.of("reason", "x".repeat(81))).post(QUEUE + "/pause").then().statusCode(400)
                .body("detail", containsString("at most 80 characters"));
        as(agent).body(Map.of("reason", "lunch\r\nAction: Originate")).post(QUEUE + "/pause").then().statusCode(400)
                .body("detail", containsString("without line breaks"));
        assertTrue(pbx.actions().stream().noneMatch(a -> "QueuePause".equalsIgnoreCase(a.get("Action"))
                && device.equals(a.get("Interface"))), "nothing refused reached the PBX");

        as(agent).post(QUEUE + "/login").then().statusCode(200);
        as(agent).get("/api/agents").then().statusCode(403);
        as(Api.user("duty")).get(QUEUE).then().statusCode(403);
        JsonPath all = as(Api.user("supervisor")).get("/api/agents").then().statusCode(200).extract().jsonPath();
        Map<String, Object> mine = all.getMap("find { it.device == '" + device + "' }");
        assertNotNull(mine, all.prettify());
        assertEquals(List.of(Api.staffId(agent), "Test " + agent, true),
                List.of(((Number) mine.get("staffId")).longValue(), mine.get("staffName"), mine.get("loggedIn")));
        as(agent).post(QUEUE + "/logout").then().statusCode(200);
    }

    /** The link drops and the service logs in again and asks the PBX for the queue's members. */
    private void reconnect() {
        int logins = pbx.logins();
        long listings = pbx.actions().stream().filter(a -> "QueueStatus".equalsIgnoreCase(a.get("Action"))).count();
        pbx.dropConnection();
        assertTrue(pbx.awaitLogins(logins + 1, BOUND), "the service logs in again");
        assertTrue(pbx.awaitActions("QueueStatus", (int) listings + 1, BOUND), "and reads the queue's members");
    }
}
