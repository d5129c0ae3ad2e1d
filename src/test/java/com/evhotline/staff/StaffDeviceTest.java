package com.evhotline.staff;

import static com.evhotline.support.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.evhotline.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A person's phone in staff data: given, changed, cleared; refused when it is no Asterisk interface or someone else's. */
@QuarkusTest
class StaffDeviceTest {

    private static String device(String tech) {
        return tech + "/" + (7000 + System.nanoTime() % 100000);
    }

    @Test
    void shouldKeepAPhoneGivenWithThePersonAndChangeOrClearIt() {
        String phone = device("PJSIP");
        long id = asAdmin().body(Map.of("name", "王坐席", "roles", List.of("agent"), "device", " " + phone + " "))
                .post("/api/staff").then().statusCode(201)
                .body("device", equalTo(phone))
                .extract().jsonPath().getLong("id");
        asAdmin().get("/api/staff/" + id).then().statusCode(200).body("device", equalTo(phone));

        String local = "Local/" + id + "@agents/n";
        asAdmin().body(Map.of("device", local)).patch("/api/staff/" + id).then().statusCode(200)
                .body("device", equalTo(local));
        asAdmin().body(Map.of("name", "王坐席二")).patch("/api/staff/" + id).then().statusCode(200)
                .body("device", equalTo(local));
        asAdmin().body(Map.of("device", "")).patch("/api/staff/" + id).then().statusCode(200)
                .body("device", nullValue());
        assertEquals(null, Api.queryString("SELECT device FROM staff WHERE id = " + id));
    }

    @Test
    void shouldRefuseWhatIsNoAsteriskInterfaceSayingWhatToFixAndWriteNothing() {
        long before = Api.queryLong("SELECT count(*) FROM staff");
        for (String bad : List.of("1001", "PJSIP/", "PJSIP/10 01", "PJSIP/1001\r\nAction: Originate", "PJ SIP/1001",
                "PJSIP/" + "1".repeat(81))) {
            asAdmin().body(Map.of("name", "X", "roles", List.of("agent"), "device", bad)).post("/api/staff")
                    .then().statusCode(400)
                    .body("detail", containsString("device"))
                    .body("detail", containsString("such as PJSIP/1001"));
        }
        assertEquals(before, Api.queryLong("SELECT count(*) FROM staff"));

        long id = Api.staffId(Api.user("agent"));
        asAdmin().body(Map.of("device", "SIP:1001")).patch("/api/staff/" + id).then().statusCode(400)
                .body("detail", containsString("'SIP:1001' is not an Asterisk interface"));
        assertEquals(null, Api.queryString("SELECT device FROM staff WHERE id = " + id));
        SQLException e = assertThrows(SQLException.class,
                () -> Api.execute("UPDATE staff SET device = 'PJSIP/1001;x' WHERE id = " + id));
        assertEquals("23514", e.getSQLState(), "the database's own check refuses it: " + e.getMessage());
    }

    @Test
    void shouldRefuseAPhoneThatIsAnotherActivePersonsUntilTheyLeave() {
        String phone = device("PJSIP");
        long holder = Api.staffId(Api.user(Map.of("device", phone), "agent"));
        long other = Api.staffId(Api.user("agent"));

        asAdmin().body(Map.of("name", "Y", "roles", List.of("agent"), "device", phone)).post("/api/staff")
                .then().statusCode(409).body("detail", containsString("staff id " + holder));
        asAdmin().body(Map.of("device", phone)).patch("/api/staff/" + other).then().statusCode(409)
                .body("detail", containsString(phone + " is the phone of"));

        asAdmin().body(Map.of("active", false)).patch("/api/staff/" + holder).then().statusCode(200);
        asAdmin().body(Map.of("device", phone)).patch("/api/staff/" + other).then().statusCode(200)
                .body("device", equalTo(phone));
        asAdmin().body(Map.of("active", true)).patch("/api/staff/" + holder).then().statusCode(409)
                .body("detail", containsString("staff id " + other));
        assertEquals("false", Api.queryString("SELECT active::text FROM staff WHERE id = " + holder));
    }
}
