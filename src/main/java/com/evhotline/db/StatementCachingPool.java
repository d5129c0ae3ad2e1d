package com.evhotline.db;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import java.util.List;
import jakarta.inject.Singleton;

/**
 * The reactive pool with every connection keeping its prepared statements: the call intake's
 * statements (the longest about 3 KB) are parsed and planned once per connection instead of on every
 * batch. The client's own default caches nothing, and only statements under 2 KB when asked to; Quarkus's
 * {@code quarkus.datasource.reactive.cache-prepared-statements} turns that on but has no setting for the
 * size or the SQL length, so the longer statements would still be parsed on every batch.
 */
@Singleton
public class StatementCachingPool implements PgPoolCreator {

    /**
     * Statements per connection (the client's default; least recently used ones are closed): the
     * service has some dozens of distinct ones, and each held statement costs its database backend
     * memory for the plan.
     */
    static final int CACHE_SIZE = 256;
    static final int SQL_LIMIT = 16 * 1024;

    @Override
    public Pool create(Input input) {
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            options.setCachePreparedStatements(true)
                    .setPreparedStatementCacheMaxSize(CACHE_SIZE)
                    .setPreparedStatementCacheSqlLimit(SQL_LIMIT);
        }
        return PgBuilder.pool().with(input.poolOptions())
                .connectingTo(List.<SqlConnectOptions>copyOf(input.pgConnectOptionsList()))
                .using(input.vertx()).build();
    }
}
