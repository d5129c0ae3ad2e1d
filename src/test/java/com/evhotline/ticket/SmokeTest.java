package com.evhotline.ticket;

import static org.hamcrest.Matchers.equalTo;

import com.evhotline.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SmokeTest {

    @Test
    void shouldOpenATicket() {
        Api.asAdmin().body("{\"callerNumber\":\"13800000000\"}").post("/api/tickets")
                .then().log().ifValidationFails().statusCode(201).body("callerNumber", equalTo("+8613800000000"));
    }
}
