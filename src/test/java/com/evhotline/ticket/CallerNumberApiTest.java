package com.evhotline.ticket;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The national, trunk-prefixed, 00-prefixed and E.164 forms of one number are one caller and one customer. */
@QuarkusTest
class CallerNumberApiTest {

    @Inject
    TestClock clock;

    @Test
    void shouldStoreEveryFormOfOneNumberAsOneCallerAndOneCustomer() {
        clock.set("2026-11-27T10:00:00+08:00");
        String agent = Api.user("agent");
        String national = Numbers.national();
        String e164 = Numbers.e164(national);
        long customersBefore = Api.queryLong("SELECT count(*) FROM customer");
        List<Long> ids = new ArrayList<>();
        for (String form : List.of(national, "0" + national, "0086" + national, "+86" + national, "+86 " + national.substring(0, 3)
                + " " + national.substring(3, 7) + " " + national.substring(7))) {
            ids.add(as(agent).body(Map.of("callerNumber", form)).post("/api/tickets").then().statusCode(201)
                    .body("callerNumber", equalTo(e164))
                    .extract().jsonPath().getLong("id"));
        }
        String in = ids.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow();
        assertEquals(1, Api.queryLong("SELECT count(DISTINCT caller_number) FROM ticket WHERE id IN (" + in + ")"));
        assertEquals(e164, Api.queryString("SELECT min(caller_number) FROM ticket WHERE id IN (" + in + ")"));
        assertEquals(1, Api.queryLong("SELECT count(DISTINCT customer_id) FROM ticket WHERE id IN (" + in + ")"));
        assertEquals(0, Api.queryLong("SELECT count(*) FROM ticket WHERE customer_id IS NULL AND id IN (" + in + ")"));
        assertEquals(Api.queryLong("SELECT id FROM customer WHERE phone = '" + e164 + "'"),
                Api.queryLong("SELECT min(customer_id) FROM ticket WHERE id IN (" + in + ")"));
        assertEquals(customersBefore + 1, Api.queryLong("SELECT count(*) FROM customer"), "one customer for all forms");
        as(agent).queryParam("callerNumber", "0086" + national).get("/api/tickets").then().statusCode(200)
                .body("total", equalTo(ids.size()));
    }
}
