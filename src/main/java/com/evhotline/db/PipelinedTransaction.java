package com.evhotline.db;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Transactions with fewer round trips than {@link Pool#withTransaction}, which waits for BEGIN's answer
 * before it starts the work and for the work's last answer before it sends COMMIT. On these two cores
 * every round trip is a wake-up of the event loop and of a database backend: the call intake's batches
 * are mostly round trips.
 * <ul>
 * <li>{@link #run}: BEGIN goes out together with the work's first statements; the client knows the
 * transaction (it commits when the work succeeds, rolls back when it fails, before the pool hands the
 * connection out again). As with {@code withTransaction}, a caller that stops waiting does not stop
 * work already sent: it still ends as one transaction.</li>
 * <li>{@link #atOnce}: work known in full beforehand (no statement depends on another's answer) goes
 * out in one go, BEGIN, the statements and COMMIT: one round trip. The database runs them in order;
 * when one fails, the rest fail with it and COMMIT ends the transaction as a rollback, so the
 * connection never comes back inside a transaction, even when the caller gives up.</li>
 * </ul>
 */
public final class PipelinedTransaction {

    /** SQLSTATE of a statement refused because an earlier one failed in the same transaction. */
    static final String IN_FAILED_TRANSACTION = "25P02";

    private PipelinedTransaction() {
    }

    /** One statement of an {@link #atOnce} transaction. */
    public static final class Statement {
        private final Function<SqlConnection, Uni<RowSet<Row>>> send;

        private Statement(Function<SqlConnection, Uni<RowSet<Row>>> send) {
            this.send = send;
        }

        /** A prepared statement (kept prepared on the connection) with its parameters. */
        public static Statement prepared(String sql, Tuple args) {
            return new Statement(c -> c.preparedQuery(sql).execute(args));
        }

        /** A prepared statement run once for each tuple (at least one: the client refuses an empty batch unsent). */
        public static Statement batch(String sql, List<Tuple> rows) {
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("a batch statement needs at least one row: " + sql);
            }
            return new Statement(c -> c.preparedQuery(sql).executeBatch(rows));
        }

        /** Plain SQL, without parameters (settings, say). */
        public static Statement simple(String sql) {
            return new Statement(c -> c.query(sql).execute());
        }
    }

    /** Runs {@code work} on one connection in one transaction, committed when it succeeds. */
    public static <T> Uni<T> run(Pool pool, Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(c -> Uni.combine().all()
                .unis(c.begin(), Uni.createFrom().deferred(() -> work.apply(c))) // subscribed in this order
                .asTuple()
                .chain(done -> done.getItem1().commit().replaceWith(done.getItem2())));
    }

    /**
     * BEGIN, the statements and COMMIT sent together on one connection: one round trip. Answers each
     * statement's rows, in order. A failure is the first failing statement's own (what callers' retry
     * rules look at: a deadlock, a constraint), not the refusals of the statements after it. A statement
     * the client refuses before sending it (parameters that do not fit its prepared form: a programming
     * error the tests catch) rolls the whole back when the refusal comes at once, as it does on a
     * connection that has the statement prepared; on a connection preparing it for the first time the
     * refusal comes after COMMIT has gone, and the others stay committed: callers must be idempotent, as
     * the call intake's are.
     */
    public static Uni<List<RowSet<Row>>> atOnce(Pool pool, List<Statement> statements) {
        return pool.withConnection(c -> {
            AtomicBoolean refused = new AtomicBoolean();
            List<Uni<RowSet<Row>>> sent = new ArrayList<>(statements.size() + 2);
            sent.add(c.query("BEGIN").execute());
            statements.forEach(s -> sent.add(s.send.apply(c).onFailure().invoke(e -> refused.set(true))));
            // subscribed after the statements: one the client refused at once, unsent (its parameters do not
            // fit), must not let the others commit without it
            sent.add(Uni.createFrom().deferred(() -> c.query(refused.get() ? "ROLLBACK" : "COMMIT").execute()));
            return Uni.join().all(sent).andCollectFailures()
                    .onFailure(CompositeException.class).transform(e -> firstCause((CompositeException) e))
                    .map(rows -> rows.subList(1, rows.size() - 1));
        });
    }

    /** The failure that caused the others: the statements after it are refused as in a failed transaction. */
    private static Throwable firstCause(CompositeException e) {
        return e.getCauses().stream()
                .filter(t -> !(t instanceof PgException pg && IN_FAILED_TRANSACTION.equals(pg.getSqlState())))
                .findFirst().orElse(e.getCauses().get(0));
    }
}
