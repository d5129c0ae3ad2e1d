package com.evhotline.db;

import static com.evhotline.support.Api.queryLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.db.PipelinedTransaction.Statement;
import com.evhotline.support.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The call intake's transactions: BEGIN sent with the first statements (or, for work known in full,
 * BEGIN, statements and COMMIT sent at once), committed when the work succeeds, rolled back when it
 * fails, committed whole even when its caller gives up, and never leaving a pooled connection inside a
 * transaction. Also: the pool keeps long statements prepared (the intake's main one is about 3 KB).
 */
@QuarkusTest
class PipelinedTransactionTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    static final String INSERT_CUSTOMER = "INSERT INTO customer (phone, created_at, updated_at) VALUES ($1, now(), now())";

    Uni<Void> insertCustomer(io.vertx.mutiny.sqlclient.SqlConnection c, String phone) {
        return c.preparedQuery(INSERT_CUSTOMER).execute(Tuple.of(phone)).replaceWithVoid();
    }

    long customers(String phone) {
        return queryLong("SELECT count(*) FROM customer WHERE phone = '" + phone + "'");
    }

    long idleInTransaction() {
        return queryLong("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
                + " AND datname = current_database()");
    }

    @Test
    void theWorkIsCommittedInOneTransaction() {
        String phone = "+8613911110001";
        String[] sameTx = new String[2];
        PipelinedTransaction.run(pool, c -> c.query("SELECT txid_current()::text").execute()
                        .invoke(r -> sameTx[0] = r.iterator().next().getString(0))
                        .chain(() -> insertCustomer(c, phone))
                        .chain(() -> c.query("SELECT txid_current()::text").execute())
                        .invoke(r -> sameTx[1] = r.iterator().next().getString(0)))
                .await().atMost(WAIT);
        assertEquals(1, customers(phone));
        assertEquals(sameTx[0], sameTx[1], "every statement in the one transaction");
    }

    @Test
    void aFailureRollsBackAndTheConnectionComesBackClean() {
        String phone = "+8613911110002";
        assertThrows(Exception.class, () -> PipelinedTransaction.run(pool, c -> insertCustomer(c, phone)
                        .chain(() -> c.query("SELECT 1 / 0").execute()))
                .await().atMost(WAIT));
        assertEquals(0, customers(phone), "nothing of a failed batch is written");
        // every connection of the pool, used again: none is still inside the failed transaction
        List<Uni<Long>> uses = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            uses.add(pool.query("SELECT count(*) FROM pg_stat_activity WHERE pid = pg_backend_pid()"
                    + " AND xact_start IS NOT NULL AND backend_xid IS NOT NULL").execute()
                    .map(r -> r.iterator().next().getLong(0)));
        }
        List<Long> inTx = Uni.join().all(uses).andFailFast().await().atMost(WAIT);
        assertTrue(inTx.stream().allMatch(n -> n == 0), "a later user is not inside the failed transaction: " + inTx);
        Await.until("no connection idle in a transaction", WAIT, () -> idleInTransaction() == 0);
    }

    /**
     * A caller giving up (the intake's batch timeout) does not stop work already sent: it still ends as
     * one transaction, committed whole, and its connection returns clean. The intake's retry of such a
     * batch finds its calls placed (placing is idempotent per linked id).
     */
    @Test
    void givenUpWorkEndsAsOneTransaction() {
        String first = "+8613911110003";
        String second = "+8613911110004";
        givenUp(PipelinedTransaction.run(pool, c -> insertCustomer(c, first)
                .chain(() -> c.query("SELECT pg_sleep(1)").execute())
                .chain(() -> insertCustomer(c, second))), first, second);
    }

    /**
     * Gives up waiting for {@code work} (which inserts {@code first}, waits a second, inserts {@code
     * second}) after 0.3 s; asserts nothing shows before its commit, then both rows, then a clean connection.
     */
    private void givenUp(Uni<?> work, String first, String second) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        work.ifNoItem().after(Duration.ofMillis(300)).fail().subscribe().with(ok -> { }, failure::set);
        Await.until("the caller gave up", WAIT, () -> failure.get() != null);
        assertEquals(0, customers(first), "nothing is visible before the commit");
        Await.until("the given-up work committed", WAIT, () -> customers(second) == 1);
        assertEquals(1, customers(first), "committed whole, with the statement before the wait");
        Await.until("its connection is clean", WAIT, () -> idleInTransaction() == 0);
    }

    /** BEGIN, the statements and COMMIT sent at once: all in one transaction, each statement's answer back in order. */
    @Test
    void atOnceCommitsTheWholeInOneTransaction() {
        String first = "+8613911110005";
        String second = "+8613911110006";
        List<io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row>> answers = PipelinedTransaction.atOnce(pool,
                        List.of(Statement.prepared(INSERT_CUSTOMER, Tuple.of(first)),
                                Statement.simple("SELECT txid_current()::text"),
                                Statement.batch(INSERT_CUSTOMER, List.of(Tuple.of(second))),
                                Statement.simple("SELECT txid_current()::text")))
                .await().atMost(WAIT);
        assertEquals(4, answers.size(), "one answer per statement, BEGIN and COMMIT left out");
        assertEquals(1, customers(first));
        assertEquals(1, customers(second));
        assertEquals(answers.get(1).iterator().next().getString(0), answers.get(3).iterator().next().getString(0),
                "every statement in the one transaction");
        Await.until("its connection is clean", WAIT, () -> idleInTransaction() == 0);
    }

    /**
     * When a statement fails, the ones after it are refused and the COMMIT sent behind them ends the
     * transaction as a rollback: nothing of it stays, the failure reported is the statement's own (what
     * the intake's retry rules look at), and the connection comes back clean.
     */
    @Test
    void atOnceRollsEverythingBackWhenAStatementFails() {
        String phone = "+8613911110008";
        String after = "+8613911110009";
        Throwable failure = assertThrows(Throwable.class, () -> PipelinedTransaction.atOnce(pool,
                        List.of(Statement.prepared(INSERT_CUSTOMER, Tuple.of(phone)), Statement.simple("SELECT 1 / 0"),
                                Statement.prepared(INSERT_CUSTOMER, Tuple.of(after))))
                .await().atMost(WAIT));
        assertTrue(failure instanceof io.vertx.pgclient.PgException pg && "22012".equals(pg.getSqlState()),
                "the division's own error, not the refusals after it: " + failure);
        assertEquals(0, customers(phone), "nothing of the failed transaction is written");
        assertEquals(0, customers(after));
        Await.until("no connection idle in a transaction", WAIT, () -> idleInTransaction() == 0);
        assertEquals(1L, pool.query("SELECT 1").execute().map(r -> r.iterator().next().getLong(0)).await().atMost(WAIT));
    }

    /** The client would refuse an empty batch without sending it, and the rest would commit without it: refused here first. */
    @Test
    void anEmptyBatchIsRefusedBeforeAnythingIsSent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Statement.batch(INSERT_CUSTOMER, List.of()));
        assertTrue(e.getMessage().startsWith("a batch statement needs at least one row"), e.getMessage());
    }

    /** A caller that gives up does not leave the transaction open: COMMIT went out with the statements. */
    @Test
    void atOnceGivenUpStillEndsAsOneTransaction() {
        String first = "+8613911110010";
        String second = "+8613911110011";
        givenUp(PipelinedTransaction.atOnce(pool, List.of(Statement.prepared(INSERT_CUSTOMER, Tuple.of(first)),
                Statement.simple("SELECT pg_sleep(1)"), Statement.prepared(INSERT_CUSTOMER, Tuple.of(second)))), first, second);
    }

    @Test
    void longStatementsStayPreparedOnTheirConnection() {
        String padding = " ".repeat(3000);
        String sql = "SELECT $1::int + 1 AS n /* a statement as long as the intake's" + padding + "*/";
        long prepared = pool.withConnection(c -> c.preparedQuery(sql).execute(Tuple.of(1))
                        .chain(() -> c.preparedQuery(sql).execute(Tuple.of(2)))
                        .chain(() -> c.preparedQuery("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1")
                                .execute(Tuple.of(sql)))
                        .map(r -> r.iterator().next().getLong(0)))
                .await().atMost(WAIT);
        assertEquals(1, prepared, "parsed and planned once on this connection, then reused");
    }
}
