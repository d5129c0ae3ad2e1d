package com.evhotline.support;

import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

/**
 * The acknowledgement link as a browser follows it: it opens the page (which hands out the CSRF cookie), then
 * presses the button, posting the form with its token.
 */
public final class AckPage {

    private AckPage() {
    }

    public static ValidatableResponse confirm(String token) {
        String csrf = RestAssured.given().get("/ack/" + token).then().extract().cookie("csrf-token");
        return RestAssured.given().cookie("csrf-token", csrf).formParam("csrf-token", csrf)
                .post("/ack/" + token).then();
    }
}
