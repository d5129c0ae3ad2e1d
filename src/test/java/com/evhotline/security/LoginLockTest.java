package com.evhotline.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.evhotline.support.Api;
import com.evhotline.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guessing a password is slow: five wrong ones in a row lock the login for a minute (doubling after
 * each further one), and then even the right password is refused until the lock ends; the
 * administrator sees the failures, when and from where. A person changes their own password, an
 * administrator sets one or disables the login; a weak or over-long password is refused.
 */
@QuarkusTest
class LoginLockTest {

    @Inject
    TestClock clock;

    private static int status(String user, String password) {
        return given().auth().preemptive().basic(user, password).get("/api/inbox").statusCode();
    }

    @Test
    void fiveWrongPasswordsLockTheLoginEvenAgainstTheRightOneUntilTheLockEnds() {
        clock.set("2031-05-06T10:00:00+08:00");
        String user = Api.user("agent");
        long id = Api.staffId(user);
        org.junit.jupiter.api.Assertions.assertEquals(200, status(user, Api.PASSWORD));
        for (int i = 0; i < 5; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(401, status(user, "wrong-guess-" + i));
        }
        org.junit.jupiter.api.Assertions.assertEquals(401, status(user, Api.PASSWORD), "locked: the right password too");
        Api.asAdmin().get("/api/staff/" + id + "/login").then().statusCode(200)
                .body("failedLogins", equalTo(5)).body("lockedUntil", notNullValue())
                .body("lastFailedFrom", equalTo("127.0.0.1")).body("lastFailedAt", notNullValue());

        clock.advance(java.time.Duration.ofSeconds(59));
        org.junit.jupiter.api.Assertions.assertEquals(401, status(user, Api.PASSWORD), "still locked after 59 s");
        clock.advance(java.time.Duration.ofSeconds(2));
        org.junit.jupiter.api.Assertions.assertEquals(200, status(user, Api.PASSWORD), "the lock ended after a minute");
        Api.asAdmin().get("/api/staff/" + id + "/login").then().body("failedLogins", equalTo(0))
                .body("lockedUntil", nullValue());
    }

    @Test
    void aPersonChangesTheirPasswordAndAnAdministratorResetsOrDisablesALogin() {
        String user = Api.user("agent");
        long id = Api.staffId(user);
        Api.as(user).body(Map.of("currentPassword", "not-mine-at-all", "newPassword", "a brand new passphrase"))
                .put("/api/me/password").then().statusCode(400).body("detail", containsString("currentPassword"));
        // a wrong current password counts as a wrong sign-in would
        Api.asAdmin().get("/api/staff/" + id + "/login").then().body("failedLogins", equalTo(1))
                .body("lastFailedFrom", equalTo("127.0.0.1"));
        Api.as(user).body(Map.of("currentPassword", Api.PASSWORD, "newPassword", "password123"))
                .put("/api/me/password").then().statusCode(400).body("detail", containsString("guessed first"));
        Api.as(user).body(Map.of("currentPassword", Api.PASSWORD, "newPassword", "a brand new passphrase"))
                .put("/api/me/password").then().statusCode(204);
        org.junit.jupiter.api.Assertions.assertEquals(401, status(user, Api.PASSWORD), "the old password is gone");
        org.junit.jupiter.api.Assertions.assertEquals(200, status(user, "a brand new passphrase"));

        Api.asAdmin().body(Map.of("password", "set by the administrator")).put("/api/staff/" + id + "/password")
                .then().statusCode(200).body("passwordChangedAt", notNullValue());
        org.junit.jupiter.api.Assertions.assertEquals(200, status(user, "set by the administrator"));

        Api.asAdmin().body(Map.of("enabled", false)).put("/api/staff/" + id + "/login").then().statusCode(200)
                .body("enabled", equalTo(false));
        org.junit.jupiter.api.Assertions.assertEquals(401, status(user, "set by the administrator"), "disabled");
        Api.asAdmin().body(Map.of("enabled", true)).put("/api/staff/" + id + "/login").then().statusCode(200);
        org.junit.jupiter.api.Assertions.assertEquals(200, status(user, "set by the administrator"));
        given().auth().preemptive().basic(user, "set by the administrator").get("/api/staff/" + id + "/login").then()
                .statusCode(403);
    }

    @Test
    void aFloodOfWrongPasswordsLeavesThoseSignedInAnsweredAtOnce() throws Exception {
        String user = Api.user("agent");
        org.junit.jupiter.api.Assertions.assertEquals(200, status(user, Api.PASSWORD)); // signed in: remembered
        java.util.concurrent.ExecutorService flood = java.util.concurrent.Executors.newFixedThreadPool(24);
        java.util.concurrent.atomic.AtomicBoolean on = new java.util.concurrent.atomic.AtomicBoolean(true);
        try {
            for (int i = 0; i < 24; i++) {
                int n = i;
                flood.submit(() -> {
                    while (on.get()) {
                        status("nobody-" + n, "guess-" + System.nanoTime()); // bcrypt each time, two at once at most
                    }
                });
            }
            Thread.sleep(500); // the flood is under way
            long slowest = 0;
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                org.junit.jupiter.api.Assertions.assertEquals(200, status(user, Api.PASSWORD));
                slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
            }
            org.junit.jupiter.api.Assertions.assertTrue(slowest < 1_000,
                    "a signed-in user's request took " + slowest + " ms during the flood");
        } finally {
            on.set(false);
            flood.shutdown();
            flood.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void controlCharactersInTheCredentialsAreAWrongSignInNotAnError() {
        io.restassured.RestAssured.given().auth().preemptive().basic("ad\u0000min", "x").get("/api/tickets")
                .then().statusCode(401);
        io.restassured.RestAssured.given().auth().preemptive().basic("admin", "pw\u0000").get("/api/tickets")
                .then().statusCode(401);
    }

    @Test
    void aWeakOrOverLongPasswordIsRefusedNotCutShort() {
        String name = "pw" + System.nanoTime() % 1_000_000;
        for (String[] bad : new String[][] {{"password", "at least 10"}, {"password123", "guessed first"},
            {"x".repeat(80), "at most 72 bytes"}, {"密码".repeat(13), "at most 72 bytes"}, {name + "-secret", "username"}}) {
            Api.asAdmin().body(Map.of("name", "P", "roles", java.util.List.of("agent"), "username", name, "password", bad[0]))
                    .post("/api/staff").then().statusCode(400).body("detail", containsString(bad[1]));
        }
    }
}
