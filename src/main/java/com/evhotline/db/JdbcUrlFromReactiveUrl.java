package com.evhotline.db;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Derives the JDBC URL that migrations use from {@code quarkus.datasource.reactive.url} when it is
 * not given, so a site configures one database URL.
 */
@Priority(Priorities.APPLICATION + 100)
public class JdbcUrlFromReactiveUrl implements ConfigSourceInterceptor {

    static final String JDBC = "quarkus.datasource.jdbc.url";
    static final String REACTIVE = "quarkus.datasource.reactive.url";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!JDBC.equals(name) || (value != null && value.getValue() != null && !value.getValue().isBlank())) {
            return value;
        }
        ConfigValue reactive = context.proceed(REACTIVE);
        if (reactive == null || reactive.getValue() == null || reactive.getValue().isBlank()) {
            return value;
        }
        return reactive.withName(JDBC).withValue(toJdbc(reactive.getValue()));
    }

    /**
     * {@code postgresql://h:5432/db?x=y} or {@code vertx-reactive:postgresql://…} to {@code jdbc:postgresql://…};
     * a login in the URL ({@code user:pw@host}), which PgJDBC cannot read there, moves to its parameters.
     */
    public static String toJdbc(String reactiveUrl) {
        String url = reactiveUrl.trim();
        if (url.startsWith("vertx-reactive:")) {
            url = url.substring("vertx-reactive:".length());
        }
        if (url.startsWith("postgres://")) {
            url = "postgresql://" + url.substring("postgres://".length());
        }
        if (url.startsWith("jdbc:")) {
            return url;
        }
        int schemeEnd = url.indexOf("://");
        int at = url.indexOf('@');
        int pathStart = url.indexOf('/', schemeEnd + 3);
        if (schemeEnd < 0 || at < 0 || (pathStart >= 0 && at > pathStart)) {
            return "jdbc:" + url;
        }
        String login = url.substring(schemeEnd + 3, at);
        String rest = url.substring(at + 1);
        int colon = login.indexOf(':');
        String params = "user=" + login.substring(0, colon < 0 ? login.length() : colon)
                + (colon < 0 ? "" : "&password=" + login.substring(colon + 1));
        return "jdbc:" + url.substring(0, schemeEnd + 3) + rest + (rest.contains("?") ? "&" : "?") + params;
    }
}
