package com.evhotline.support;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Shortcuts for the API tests: requests as a user, people with roles, and a look at the tables. */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public final class Api {

    public static final String ADMIN_PASSWORD = "hotline-test-root-pw";
    public static final String PASSWORD = "secret-pw-1";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Api() {
    }

    public static RequestSpecification as(String username) {
        String password = "admin".equals(username) ? ADMIN_PASSWORD : PASSWORD;
        return given().auth().preemptive().basic(username, password).contentType(ContentType.JSON);
    }

    public static RequestSpecification asAdmin() {
        return as("admin");
    }

    /** Creates a person with a login; answers the username. */
    public static String user(String... roles) {
        return user(Map.of(), roles);
    }

    public static String user(Map<String, Object> extra, String... roles) {
        String username = String.join("-", roles).replace("_", "") + "-" + SEQ.incrementAndGet() + "-" + System.nanoTime() % 100000;
        var body = new java.util.HashMap<String, Object>(extra);
        body.put("name", "Test " + username);
        body.put("mobile", "+86139" + String.format("%08d", Math.abs(username.hashCode()) % 100000000));
        body.put("roles", List.of(roles));
        body.put("username", username);
        body.put("password", PASSWORD);
        asAdmin().body(body).post("/api/staff").then().statusCode(201);
        return username;
    }

    public static long staffId(String username) {
        return queryLong("SELECT staff_id FROM app_user WHERE username = '" + username + "'");
    }

    public static long queryLong(String sql) {
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static String queryString(String sql) {
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null; // no row: null, like a NULL column
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
