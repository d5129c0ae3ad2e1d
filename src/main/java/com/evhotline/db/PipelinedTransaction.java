package com.evhotline.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * A transaction whose BEGIN goes out together with the work's first statements instead of one round
 * trip ahead of them ({@link Pool#withTransaction} waits for BEGIN's answer before it starts the work).
 * The client still knows the transaction: it commits when the work succeeds and rolls back when it
 * fails, before the pool hands the connection out again. As with {@code withTransaction}, a caller
 * that stops waiting does not stop work already sent: it still ends as one transaction.
 * On these two cores every round trip is a wake-up of the event loop and of a database backend: the
 * call intake's batches are mostly round trips.
 */
public final class PipelinedTransaction {

    private PipelinedTransaction() {
    }

    public static <T> Uni<T> run(Pool pool, Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(c -> Uni.combine().all()
                .unis(c.begin(), Uni.createFrom().deferred(() -> work.apply(c))) // subscribed in this order
                .asTuple()
                .chain(done -> done.getItem1().commit().replaceWith(done.getItem2())));
    }
}
