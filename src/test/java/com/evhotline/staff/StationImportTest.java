package com.evhotline.staff;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.evhotline.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stations from a CSV file: every bad row reported with its line and column, and a bad file imports nothing. */
@QuarkusTest
class StationImportTest {

    @Test
    void aGoodFileAddsAndChangesStationsAndABadOneImportsNothing() {
        String p = "IM" + System.nanoTime() % 1_000_000_000L;
        long manager = Api.staffId(Api.user(Map.of("region", "East"), "regional"));
        String good = "code,name,region,phone,address,managerStaffId\n"
                + p + "A,Pudong station,East,021 6234 5678,\"88 Century Ave, Pudong\"," + manager + "\n"
                + p + "B,Minhang station,East,,,\n";
        Api.asAdmin().body(Map.of("csv", good)).post("/api/stations/import").then().statusCode(200)
                .body("added", equalTo(2)).body("changed", equalTo(0));
        assertEquals("+862162345678|88 Century Ave, Pudong|" + manager, Api.queryString("SELECT phone || '|' || address"
                + " || '|' || manager_staff_id FROM station WHERE code = '" + p + "A'"));

        long before = Api.queryLong("SELECT count(*) FROM station");
        String bad = "code,name,phone,managerStaffId\n"
                + p + "B,Minhang renamed,,\n"            // fine alone: would change B
                + "bad code!,X,,\n"                        // line 3: code
                + p + "C,,12,\n"                           // line 4: name and phone
                + p + "D,Dup,,999999999\n"                 // line 5: no such manager
                + p + "D,Dup again,,\n";                   // line 6: code twice
        Api.asAdmin().body(Map.of("csv", bad)).post("/api/stations/import").then().statusCode(400)
                .body("detail", containsString("nothing was imported"))
                .body("errors", hasSize(5))
                .body("errors.find { it.line == 3 }.column", equalTo("code"))
                .body("errors.findAll { it.line == 4 }.column", org.hamcrest.Matchers.containsInAnyOrder("name", "phone"))
                .body("errors.find { it.line == 5 }.column", equalTo("managerStaffId"))
                .body("errors.find { it.line == 6 }.message", containsString("already on line 5"));
        assertEquals(before, Api.queryLong("SELECT count(*) FROM station"), "nothing added");
        assertEquals("Minhang station", Api.queryString("SELECT name FROM station WHERE code = '" + p + "B'"),
                "nothing changed");

        Api.asAdmin().body(Map.of("csv", "name,colour\nX,red\n")).post("/api/stations/import").then().statusCode(400)
                .body("detail", containsString("unknown: [colour]"));
        Api.asAdmin().body(Map.of("csv", "code,name\n" + p + "A,Pudong renamed\n")).post("/api/stations/import")
                .then().statusCode(200).body("added", equalTo(0)).body("changed", equalTo(1));
        assertEquals("Pudong renamed|East|+862162345678", Api.queryString("SELECT name || '|' || region || '|' || phone"
                + " FROM station WHERE code = '" + p + "A'"), "columns the file leaves out are kept");
        Api.asAdmin().body(Map.of("csv", "code,name,\n" + p + "Z,Trailing comma,\n")).post("/api/stations/import")
                .then().statusCode(400).body("detail", containsString("csv:"));
        Api.as(Api.user("supervisor")).body(Map.of("csv", good)).post("/api/stations/import").then().statusCode(403);
    }
}
