package com.evhotline.db;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import java.util.function.Function;

/**
 * A transaction whose BEGIN goes out together with the work's first statements instead of one round
 * trip ahead of them ({@link Pool#withTransaction} waits for BEGIN's answer before it starts the work),
 * and whose COMMIT can go out together with its last statements ({@link Tx#commitWith}). The client
 * still knows the transaction: it commits when the work succeeds and rolls back when it fails, before
 * the pool hands the connection out again. As with {@code withTransaction}, a caller that stops
 * waiting does not stop work already sent: it still ends as one transaction.
 * On these two cores every round trip is a wake-up of the event loop and of a database backend: the
 * call intake's batches are mostly round trips.
 */
public final class PipelinedTransaction {

    private PipelinedTransaction() {
    }

    /** The connection of a transaction under way, and the way to end it in the same round trip as its last statements. */
    public static final class Tx {
        private final SqlConnection connection;
        private final Uni<Transaction> begun;
        private volatile boolean committing;

        private Tx(SqlConnection connection) {
            this.connection = connection;
            this.begun = connection.begin().memoize().indefinitely();
        }

        public SqlConnection connection() {
            return connection;
        }

        /**
         * Sends COMMIT right behind {@code last} (subscribed now, without waiting for its answer; when
         * BEGIN itself is not answered yet, as soon as it is) and answers what {@code last} gives once
         * both are through. When {@code last} fails the database
         * ends the transaction with a rollback on that COMMIT, so nothing of the work stays, and the
         * failure is {@code last}'s own. {@code last} must send all of its statements when subscribed
         * (statements combined, not chained after an answer: a statement sent after the COMMIT would
         * run outside the transaction), and nothing may follow it on this transaction.
         */
        public <R> Uni<R> commitWith(Uni<R> last) {
            return Uni.createFrom().deferred(() -> {
                committing = true;
                return Uni.combine().all().unis(last, begun.chain(Transaction::commit)).collectFailures()
                        .asTuple()
                        .map(done -> done.getItem1())
                        // the work's own failure, not the rollback that it caused
                        .onFailure(CompositeException.class).transform(e -> ((CompositeException) e).getCauses().get(0));
            });
        }
    }

    /** Runs {@code work} on one connection in one transaction, committed when it succeeds (if it did not commit already). */
    public static <T> Uni<T> run(Pool pool, Function<Tx, Uni<T>> work) {
        return pool.withConnection(c -> {
            Tx tx = new Tx(c);
            return Uni.combine().all()
                    .unis(tx.begun, Uni.createFrom().deferred(() -> work.apply(tx)))
                    .asTuple() // subscribed in this order: BEGIN goes out first
                    .chain(done -> tx.committing ? Uni.createFrom().item(done.getItem2())
                            : done.getItem1().commit().replaceWith(done.getItem2()));
        });
    }
}
