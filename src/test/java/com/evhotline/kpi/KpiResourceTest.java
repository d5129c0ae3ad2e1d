package com.evhotline.kpi;

import static com.evhotline.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The KPI request's edges: who may ask, what it refuses, its default period, and the CSV form with its reasons.
 * Periods in 2048.
 */
@QuarkusTest
class KpiResourceTest {

    @Inject
    TestClock clock;

    @Test
    void anAgentMayNotReadTheFigures() {
        as(Api.user("agent")).get("/api/kpi").then().statusCode(403);
        as(Api.user("agent")).get("/api/kpi/calls/items").then().statusCode(403);
        as(Api.user("leader")).queryParam("from", "2048-01-01").queryParam("to", "2048-01-31").get("/api/kpi").then()
                .statusCode(200);
    }

    @Test
    void badPeriodsAndGroupingsAreRefusedWithWhatToFix() {
        String sup = Api.user("supervisor");
        as(sup).queryParam("groupBy", "hour").get("/api/kpi").then().statusCode(400)
                .body("detail", containsString("groupBy"));
        as(sup).queryParam("from", "2048-03-02").queryParam("to", "2048-03-01").get("/api/kpi").then().statusCode(400)
                .body("detail", containsString("before to"));
        as(sup).queryParam("from", "2040-01-01").queryParam("to", "2048-01-01").get("/api/kpi").then().statusCode(400)
                .body("detail", containsString("5 years"));
        as(sup).queryParam("from", "2048-02-30").get("/api/kpi").then().statusCode(400)
                .body("detail", containsString("from: expected a date"));
        as(sup).queryParam("to", "yesterday").get("/api/kpi").then().statusCode(400)
                .body("detail", containsString("to:"));
        as(sup).queryParam("from", "2048-01-01").queryParam("to", "2048-01-31").queryParam("page", "-1")
                .get("/api/kpi/calls/items").then().statusCode(400).body("detail", containsString("page"));
    }

    @Test
    void withoutAPeriodItIsTheMonthUpToNow() {
        clock.set("2048-05-17T09:15:00+08:00");
        as(Api.user("supervisor")).get("/api/kpi").then().statusCode(200)
                .body("from", equalTo("2048-05-01T00:00:00+08:00"))
                .body("to", equalTo("2048-05-17T09:15:00+08:00"))
                .body("figures.find { it.key == 'officeHoursAnswerRate' }.target", equalTo(1.0f));
    }

    @Test
    void theSameFiguresComeAsCsv() {
        as(Api.user("supervisor")).accept("text/csv").queryParam("from", "2048-06-01").queryParam("to", "2048-06-30")
                .queryParam("groupBy", "month")
                .get("/api/kpi").then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .body(startsWith(KpiCsv.HEADER))
                .body(containsString("2048-06-01T00:00:00+08:00,2048-07-01T00:00:00+08:00,officeHoursAnswerRate,,1,0,0,ratio,"))
                .body(containsString(",avgHandlingDaysGeneral,,3,0,0,days,"))
                .body(containsString(",followUpRate,,0.98,0,0,ratio,"));
    }

    @Test
    void theCsvListsTheReasonsOfExemptionsMostFirst() {
        String sup = Api.user("supervisor");
        clock.set("2048-08-10T10:00:00+08:00");
        for (String reason : List.of("Parts ordered; customer abroad", "Towed, not ours", "Parts ordered; customer abroad")) {
            long ticket = as(sup).body(Map.of("callerNumber", Numbers.national(), "category", "GENERAL_QUALITY"))
                    .post("/api/tickets").then().statusCode(201).extract().jsonPath().getLong("id");
            as(sup).body(Map.of("kind", "DISPATCH", "reason", reason)).post("/api/tickets/" + ticket + "/exemptions")
                    .then().statusCode(201);
        }
        as(sup).accept("text/csv").queryParam("from", "2048-08-01").queryParam("to", "2048-08-31")
                .get("/api/kpi").then().statusCode(200)
                .body(startsWith(KpiCsv.HEADER))
                // the field is quoted for its comma; the ';' inside a reason is escaped, the one between them is not
                .body(containsString(",exemptions,3,,3,,count,,\"Parts ordered\\; customer abroad=2;Towed, not ours=1\"\r\n"))
                .body(containsString(",withdrawals,0,,0,,count,,\r\n"));
    }
}
