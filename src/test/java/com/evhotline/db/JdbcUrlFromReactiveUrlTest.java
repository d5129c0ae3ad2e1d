package com.evhotline.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The migrations' JDBC URL follows the one reactive URL a site configures. */
class JdbcUrlFromReactiveUrlTest {

    @Test
    void shouldPrefixAPlainReactiveUrl() {
        assertEquals("jdbc:postgresql://db:5432/hotline?sslmode=require",
                JdbcUrlFromReactiveUrl.toJdbc("postgresql://db:5432/hotline?sslmode=require"));
    }

    @Test
    void shouldDropTheVertxPrefixAndTheShortScheme() {
        assertEquals("jdbc:postgresql://db/hotline", JdbcUrlFromReactiveUrl.toJdbc("vertx-reactive:postgresql://db/hotline"));
        assertEquals("jdbc:postgresql://db/hotline", JdbcUrlFromReactiveUrl.toJdbc("postgres://db/hotline"));
    }

    @Test
    void shouldLeaveAJdbcUrlAlone() {
        assertEquals("jdbc:postgresql://db/hotline", JdbcUrlFromReactiveUrl.toJdbc("jdbc:postgresql://db/hotline"));
    }

    @Test
    void shouldMoveALoginInTheUrlToParameters() {
        assertEquals("jdbc:postgresql://db:5432/hotline?sslmode=require&user=hot&password=s%40cret",
                JdbcUrlFromReactiveUrl.toJdbc("postgresql://hot:s%40cret@db:5432/hotline?sslmode=require"));
        assertEquals("jdbc:postgresql://db/hotline?user=hot", JdbcUrlFromReactiveUrl.toJdbc("postgresql://hot@db/hotline"));
    }
}
