package com.evhotline.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What keeps password guessing slow, apart from each login's own lock (kept with the login in the
 * database, see {@link DatabaseIdentityProvider}): an address that keeps failing is turned away for a while, doubling from
 * {@link #ADDRESS_BLOCK} up to an hour after {@code hotline.logins.address-failures} failures within
 * {@link #ADDRESS_WINDOW}, without a password check; and at most {@link #CHECKS} bcrypt
 * checks run at once, so a flood of attempts queues behind each other rather than taking the
 * machine from the people already signed in (whose checks are remembered and cost nothing).
 */
@ApplicationScoped
public class LoginGuard {

    static final Duration ADDRESS_WINDOW = Duration.ofMinutes(10);
    static final Duration ADDRESS_BLOCK = Duration.ofMinutes(5);
    static final Duration LONGEST_BLOCK = Duration.ofHours(1);
    static final int CHECKS = 2;
    static final Duration CHECK_WAIT = Duration.ofSeconds(5);
    private static final int ADDRESSES_KEPT = 10_000;

    /** An address's failures in the current window, and until when it is turned away. */
    private record Address(Instant windowStart, int failures, int blocks, Instant blockedUntil) {
    }

    private final Clock clock;
    private final int addressFailures;
    private final Map<String, Address> addresses = new ConcurrentHashMap<>();
    private final Semaphore checks = new Semaphore(CHECKS, true);

    @Inject
    public LoginGuard(Clock clock, LoginConfig config) {
        this(clock, config.addressFailures());
    }

    LoginGuard(Clock clock, int addressFailures) {
        this.clock = clock;
        this.addressFailures = addressFailures;
    }

    /** Until when the address is turned away, or null when it may try. */
    public Instant blockedUntil(String address) {
        Address a = addresses.get(address);
        Instant now = clock.instant();
        return a != null && a.blockedUntil() != null && now.isBefore(a.blockedUntil()) ? a.blockedUntil() : null;
    }

    /** An address turned away now, for the administrators. */
    public record Blocked(String address, Instant until, int times) {
    }

    /** The addresses turned away now, latest end first. */
    public java.util.List<Blocked> blocked() {
        Instant now = clock.instant();
        return addresses.entrySet().stream()
                .filter(e -> e.getValue().blockedUntil() != null && now.isBefore(e.getValue().blockedUntil()))
                .map(e -> new Blocked(e.getKey(), e.getValue().blockedUntil(), e.getValue().blocks()))
                .sorted(java.util.Comparator.comparing(Blocked::until).reversed())
                .toList();
    }

    /** A wrong password from the address. */
    public void failed(String address) {
        if (addresses.size() > ADDRESSES_KEPT) {
            addresses.clear(); // a flood from very many addresses: each login's own lock still holds
        }
        Instant now = clock.instant();
        addresses.compute(address, (k, a) -> {
            if (a == null || now.isAfter(a.windowStart().plus(ADDRESS_WINDOW))) {
                a = new Address(now, 0, a == null ? 0 : a.blocks(), null);
            }
            int failures = a.failures() + 1;
            if (failures < addressFailures) {
                return new Address(a.windowStart(), failures, a.blocks(), a.blockedUntil());
            }
            Duration block = doubling(ADDRESS_BLOCK, a.blocks());
            return new Address(now, 0, a.blocks() + 1, now.plus(block));
        });
    }

    /**
     * Runs a password check once one of the {@link #CHECKS} slots frees within {@link #CHECK_WAIT}, and
     * answers its result; null when no slot freed (the attempt fails as busy, not as a wrong password).
     */
    public Boolean check(BooleanSupplier bcrypt) {
        try {
            if (!checks.tryAcquire(CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        try {
            return bcrypt.getAsBoolean();
        } finally {
            checks.release();
        }
    }

    /** {@code first}, doubled {@code times} times, at most {@link #LONGEST_BLOCK}. */
    static Duration doubling(Duration first, int times) {
        Duration d = first;
        for (int i = 0; i < times && d.compareTo(LONGEST_BLOCK) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(LONGEST_BLOCK) > 0 ? LONGEST_BLOCK : d;
    }
}
