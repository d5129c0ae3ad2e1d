package com.evhotline.ticket;

import static com.evhotline.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.Api;
import com.evhotline.support.Numbers;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConcurrentCreationTest {

    @Test
    void shouldGiveFiftyTicketsOpenedAtOnceFiftyDistinctNumbers() throws Exception {
        String agent = Api.user("supervisor"); // the tickets are entered as received earlier that day
        int n = 60;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<String>> numbers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            numbers.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return as(agent).body(Map.of("callerNumber", Numbers.national(), "receivedAt", "2026-11-25T10:00:00+08:00"))
                        .post("/api/tickets").then().statusCode(201).extract().jsonPath().getString("number");
            }, pool));
        }
        start.countDown();
        Set<String> distinct = new HashSet<>();
        for (CompletableFuture<String> f : numbers) {
            distinct.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(n, distinct.size());
        assertTrue(distinct.stream().allMatch(s -> s.matches("HL-20261125-\\d{4,}")), distinct.toString());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
