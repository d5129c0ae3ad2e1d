package com.evhotline.db;

import static com.evhotline.support.Api.queryLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The call intake's transactions: BEGIN sent with the first statements, committed when the work
 * succeeds, rolled back when it fails, committed whole even when its caller gives up, and never leaving
 * a pooled connection inside a transaction. Also: the pool keeps long statements prepared (the intake's main one is about 3 KB).
 */
@QuarkusTest
class PipelinedTransactionTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    Uni<Void> insertCustomer(io.vertx.mutiny.sqlclient.SqlConnection c, String phone) {
        return c.preparedQuery("INSERT INTO customer (phone, created_at, updated_at) VALUES ($1, now(), now())")
                .execute(Tuple.of(phone)).replaceWithVoid();
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
        PipelinedTransaction.run(pool, tx -> tx.connection().query("SELECT txid_current()::text").execute()
                        .invoke(r -> sameTx[0] = r.iterator().next().getString(0))
                        .chain(() -> insertCustomer(tx.connection(), phone))
                        .chain(() -> tx.connection().query("SELECT txid_current()::text").execute())
                        .invoke(r -> sameTx[1] = r.iterator().next().getString(0)))
                .await().atMost(WAIT);
        assertEquals(1, customers(phone));
        assertEquals(sameTx[0], sameTx[1], "every statement in the one transaction");
    }

    @Test
    void aFailureRollsBackAndTheConnectionComesBackClean() {
        String phone = "+8613911110002";
        assertThrows(Exception.class, () -> PipelinedTransaction.run(pool, tx -> insertCustomer(tx.connection(), phone)
                        .chain(() -> tx.connection().query("SELECT 1 / 0").execute()))
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
        AtomicReference<Throwable> failure = new AtomicReference<>();
        PipelinedTransaction.run(pool, tx -> insertCustomer(tx.connection(), first)
                        .chain(() -> tx.connection().query("SELECT pg_sleep(1)").execute())
                        .chain(() -> insertCustomer(tx.connection(), second)))
                .ifNoItem().after(Duration.ofMillis(300)).fail()
                .subscribe().with(ok -> { }, failure::set);
        Await.until("the caller gave up", WAIT, () -> failure.get() != null);
        assertEquals(0, customers(first), "nothing is visible before the commit");
        Await.until("the given-up work committed", WAIT, () -> customers(second) == 1);
        assertEquals(1, customers(first), "committed whole, with the statement before the wait");
        Await.until("its connection is clean", WAIT, () -> idleInTransaction() == 0);
    }

    /** The last statements and COMMIT in one round trip: all of it lands, in one transaction, and the last one's answer comes back. */
    @Test
    void commitWithTheLastStatementsCommitsTheWhole() {
        String first = "+8613911110005";
        String second = "+8613911110006";
        String[] sameTx = new String[2];
        String answer = PipelinedTransaction.run(pool, tx -> insertCustomer(tx.connection(), first)
                        .chain(() -> tx.connection().query("SELECT txid_current()::text").execute())
                        .invoke(r -> sameTx[0] = r.iterator().next().getString(0))
                        .chain(() -> tx.commitWith(Uni.combine().all().unis(insertCustomer(tx.connection(), second),
                                        tx.connection().query("SELECT txid_current()::text").execute()).asTuple()
                                .map(done -> sameTx[1] = done.getItem2().iterator().next().getString(0)))))
                .await().atMost(WAIT);
        assertEquals(1, customers(first));
        assertEquals(1, customers(second));
        assertEquals(sameTx[0], sameTx[1], "every statement in the one transaction");
        assertEquals(sameTx[1], answer, "the last statements' answer is the work's");
        Await.until("its connection is clean", WAIT, () -> idleInTransaction() == 0);
    }

    /** Statements sent with COMMIT before BEGIN was even answered: the database still runs them in order, in the transaction. */
    @Test
    void commitWithEverythingInTheFirstRoundTrip() {
        String phone = "+8613911110007";
        PipelinedTransaction.run(pool, tx -> tx.commitWith(insertCustomer(tx.connection(), phone))).await().atMost(WAIT);
        assertEquals(1, customers(phone));
    }

    /**
     * When a last statement fails, the COMMIT sent behind it ends the transaction with a rollback: nothing
     * of the work stays, the failure reported is the statement's own (what the intake's retry rules look
     * at), and the connection comes back clean.
     */
    @Test
    void aFailingLastStatementRollsEverythingBack() {
        String phone = "+8613911110008";
        Throwable failure = assertThrows(Throwable.class, () -> PipelinedTransaction.run(pool, tx ->
                        insertCustomer(tx.connection(), phone)
                                .chain(() -> tx.commitWith(tx.connection().query("SELECT 1 / 0").execute())))
                .await().atMost(WAIT));
        assertTrue(failure instanceof io.vertx.pgclient.PgException pg && "22012".equals(pg.getSqlState()),
                "the division's own error, not the rollback: " + failure);
        assertEquals(0, customers(phone), "nothing of the failed transaction is written");
        Await.until("no connection idle in a transaction", WAIT, () -> idleInTransaction() == 0);
        assertEquals(1L, pool.query("SELECT 1").execute().map(r -> r.iterator().next().getLong(0)).await().atMost(WAIT));
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
