package com.evhotline.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser's session over plain HTTP: logged in through the form, posting forms with the page's CSRF token. */
public final class PageSession {

    private static final Pattern TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    private final String session;

    private PageSession(String session) {
        this.session = session;
    }

    public static PageSession logIn(String username) {
        String cookie = given().redirects().follow(false).formParam("j_username", username)
                .formParam("j_password", Api.PASSWORD).post("/j_security_check").then().statusCode(302)
                .extract().cookie("quarkus-credential");
        assertNotNull(cookie, "logged in");
        return new PageSession(cookie);
    }

    /** The session cookie's value, for a client of its own (a live stream). */
    public String cookie() {
        return session;
    }

    public Response get(String path) {
        return given().redirects().follow(false).cookie("quarkus-credential", session).get(path);
    }

    /** Opens {@code page} as the browser would, then posts {@code form} to {@code action} with the page's token. */
    public Response post(String page, String action, Map<String, ?> form) {
        Response shown = get(page);
        Matcher token = TOKEN.matcher(shown.asString());
        assertTrue(token.find(), "the page " + page + " carries a CSRF token (" + shown.statusCode() + ")");
        var request = given().redirects().follow(false).cookie("quarkus-credential", session)
                .cookie("csrf-token", shown.getCookie("csrf-token")).formParam("csrf-token", token.group(1))
                .contentType("application/x-www-form-urlencoded; charset=UTF-8"); // as a browser sends a page's form
        form.forEach(request::formParam);
        return request.post(action);
    }
}
