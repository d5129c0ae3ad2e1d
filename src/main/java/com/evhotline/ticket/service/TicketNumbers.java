package com.evhotline.ticket.service;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Ticket numbers for calls, handed out from memory: blocks of the day's counter are reserved ahead
 * (today's and tomorrow's), so the routing script can promise a number at once, even while the
 * database is slow or down. Numbers of a block left unused when the service stops are skipped.
 * A block holds at least {@link #BLOCK} numbers, and under load about two seconds' worth (at most
 * {@link #MAX_BLOCK}), so the next block is in by the time it is needed even while the reservation
 * waits in the pool's queue behind the calls' own transactions.
 */
@ApplicationScoped
public class TicketNumbers {

    private static final Logger LOG = Logger.getLogger(TicketNumbers.class);
    static final int BLOCK = 20;
    static final int MAX_BLOCK = 2_000;
    private static final long SECOND = 1_000_000_000L;

    private final Pool pool;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<LocalDate, Deque<int[]>> blocks = new ConcurrentHashMap<>();
    private final Map<LocalDate, java.util.concurrent.CompletableFuture<Void>> refilling = new ConcurrentHashMap<>();

    private long windowStart = System.nanoTime();
    private int inWindow;
    private int lastWindow;

    public TicketNumbers(Pool pool, Clock clock, ZoneId zone) {
        this.pool = pool;
        this.clock = clock;
        this.zone = zone;
    }

    /** Reserves $2 numbers of day $1 on the day's counter row; answers the last of them. */
    public static final String RESERVE = """
            INSERT INTO ticket_number_counter (day, last) VALUES ($1, $2)
            ON CONFLICT (day) DO UPDATE SET last = ticket_number_counter.last + $2
            RETURNING last""";

    /**
     * {@code n} numbers of that day from its counter row, in the caller's transaction {@code c} (the row
     * stays locked until it ends): for tickets nothing in memory can number (a long outage, a day far
     * from today).
     */
    public static Uni<List<String>> reserve(SqlConnection c, LocalDate day, int n) {
        return c.preparedQuery(RESERVE).execute(Tuple.of(day, n)).map(rows -> {
            int last = rows.iterator().next().getInteger(0);
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(format(day, last - n + 1 + i));
            }
            return out;
        });
    }

    /** Whether numbers of that day are kept in memory (today's and tomorrow's, by the service's zone). */
    public boolean keptInMemory(LocalDate day) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        return !day.isBefore(today) && !day.isAfter(today.plusDays(1));
    }

    /** The human-readable number: {@code HL-20261127-0042}. */
    public static String format(LocalDate day, int n) {
        // by hand: String.format and the date formatter cost more than the rest of a call's numbering
        StringBuilder b = dayPrefix(day);
        pad(b, n, 4);
        return b.toString();
    }

    /** {@code HL-20261127-}: what every number of the day starts with. */
    private static StringBuilder dayPrefix(LocalDate day) {
        StringBuilder b = new StringBuilder(32).append("HL-");
        pad(b, day.getYear(), 4);
        pad(b, day.getMonthValue(), 2);
        pad(b, day.getDayOfMonth(), 2);
        return b.append('-');
    }

    /** {@code n} in at least {@code width} digits, zeros in front. */
    private static void pad(StringBuilder b, int n, int width) {
        String digits = Integer.toString(n);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        b.append(digits);
    }

    /**
     * A number for a call when none is in reserve (the database unreachable for a whole block): unique
     * without the database, from the call's own id, and within the 32 characters of a number.
     */
    public static String fallback(LocalDate day, String linkedId, java.time.Instant at) {
        return dayPrefix(day).append('P').append(Long.toString(Integer.toUnsignedLong(linkedId.hashCode()) << 8
                | (at.toEpochMilli() & 0xff), 36).toUpperCase(java.util.Locale.ROOT)).toString();
    }

    void reserveAhead(@Observes StartupEvent start) {
        topUp().subscribe().with(v -> { }, e -> LOG.warnf("could not reserve ticket numbers yet: %s", e.getMessage()));
    }

    /** Every minute: the reserve topped up (midnight moves the days on; a failed refill is tried again). */
    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> topUpEveryMinute() {
        return topUp().onFailure().invoke(e -> LOG.warnf("could not reserve ticket numbers yet: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Keeps today's and tomorrow's numbers in reserve, so midnight needs no database. */
    Uni<Void> topUp() {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        return refill(today).chain(() -> refill(today.plusDays(1)));
    }

    /**
     * The next number of that day from memory, or null when none is in reserve (the database was
     * unreachable for a whole block); asks for the next block when the reserve runs low.
     */
    public String next(LocalDate day) {
        Deque<int[]> ranges = blocks.computeIfAbsent(day, d -> new ArrayDeque<>());
        Integer n = null;
        int left;
        int block = blockSize();
        synchronized (ranges) {
            while (!ranges.isEmpty() && n == null) {
                int[] r = ranges.peekFirst();
                if (r[0] <= r[1]) {
                    n = r[0]++;
                } else {
                    ranges.pollFirst();
                }
            }
            left = remaining(ranges);
        }
        asked(); // demand, found or not: while the reserve is empty the next block must not shrink
        if (left < block / 2) {
            refill(day).subscribe().with(v -> { }, e -> LOG.warnf("could not reserve ticket numbers for %s: %s", day,
                    e.getMessage()));
        }
        return n == null ? null : format(day, n);
    }

    /**
     * {@link #next}, and when the day has nothing in reserve (its first call, or after a long outage)
     * waits up to {@code wait} for a block from the database.
     */
    public String next(LocalDate day, java.time.Duration wait) {
        String n = next(day);
        if (n != null) {
            return n;
        }
        try {
            refill(day).await().atMost(wait);
        } catch (RuntimeException e) {
            LOG.warnf("no ticket number block for %s within %d ms: %s", day, wait.toMillis(), e.getMessage());
        }
        return next(day);
    }

    /** Counts a number asked for, per second. */
    private synchronized void asked() {
        roll();
        inWindow++;
    }

    /** Two seconds' worth of the numbers asked for in the last full second, within [BLOCK, MAX_BLOCK]. */
    synchronized int blockSize() {
        roll();
        return Math.max(BLOCK, Math.min(MAX_BLOCK, 2 * Math.max(lastWindow, inWindow)));
    }

    private void roll() {
        long now = System.nanoTime();
        if (now - windowStart >= SECOND) {
            lastWindow = now - windowStart >= 2 * SECOND ? 0 : inWindow;
            inWindow = 0;
            windowStart = now;
        }
    }

    /** Numbers left in the day's reserved ranges (call holding the ranges' lock). */
    private static int remaining(Deque<int[]> ranges) {
        return ranges.stream().mapToInt(r -> r[1] - r[0] + 1).sum();
    }

    /** Reserves one more block of the day when less than half a block is left. */
    Uni<Void> refill(LocalDate day) {
        Deque<int[]> ranges = blocks.computeIfAbsent(day, d -> new ArrayDeque<>());
        int block = blockSize();
        synchronized (ranges) {
            if (remaining(ranges) >= block / 2) {
                return Uni.createFrom().voidItem();
            }
        }
        var mine = new java.util.concurrent.CompletableFuture<Void>();
        var running = refilling.putIfAbsent(day, mine);
        if (running != null) {
            // one reservation at a time; others wait for it. Each waiter gets its own copy: a waiter that
            // gives up (await().atMost) cancels what it subscribed to, and must not cancel the shared one
            return Uni.createFrom().completionStage(running.copy());
        }
        pool.preparedQuery(RESERVE).execute(Tuple.of(day, block))
                .subscribe().with(rows -> {
                    int last = rows.iterator().next().getInteger(0);
                    synchronized (ranges) {
                        ranges.addLast(new int[] {last - block + 1, last});
                    }
                    refilling.remove(day);
                    mine.complete(null);
                }, failure -> {
                    refilling.remove(day);
                    mine.completeExceptionally(failure);
                });
        return Uni.createFrom().completionStage(mine.copy());
    }
}
