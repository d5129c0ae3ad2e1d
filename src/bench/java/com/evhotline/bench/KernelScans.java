package com.evhotline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * When the kernel's DAMON thread ({@code kdamond}) ran during a run, sampled every 10 ms from its CPU
 * time in {@code /proc}. The VMs here reclaim memory with DAMON: every half second or so kdamond scans
 * page-table accessed bits, at times for 40-80 ms of one of the two cores (seen with perf), and the
 * calls in flight meanwhile share what is left of the machine. The benchmark reports the calls that
 * overlapped such a scan apart, beside the figure over all calls (which is the one the target is about).
 * On a machine without kdamond it reports nothing.
 */
final class KernelScans implements AutoCloseable {

    private static final long SAMPLE_NANOS = 10_000_000L;

    private final Path stat;
    private final Thread sampler;
    /** [from, to] nanoTime pairs in which kdamond used CPU; written by the sampler only. */
    private final List<long[]> busy = new ArrayList<>();
    private volatile boolean stop;

    private KernelScans(Path stat) {
        this.stat = stat;
        this.sampler = new Thread(this::sample, "bench-kdamond-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts sampling when this machine runs a kdamond thread. */
    static Optional<KernelScans> start() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> comm(p).startsWith("kdamond"))
                    .findFirst().map(p -> new KernelScans(p.resolve("stat")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String comm(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private long cpuTicks() throws IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    private void sample() {
        try {
            long last = cpuTicks();
            long lastAt = System.nanoTime();
            while (!stop) {
                java.util.concurrent.locks.LockSupport.parkNanos(SAMPLE_NANOS);
                long now = System.nanoTime();
                long ticks = cpuTicks();
                if (ticks > last) {
                    synchronized (busy) {
                        busy.add(new long[] {lastAt, now});
                    }
                }
                last = ticks;
                lastAt = now;
            }
        } catch (IOException | RuntimeException e) {
            // the thread went away: nothing more to say about it
        }
    }

    /** Whether kdamond ran at some time within [from, to] (nanoTime). */
    boolean overlaps(long from, long to) {
        synchronized (busy) {
            for (long[] b : busy) {
                if (b[0] <= to && from <= b[1]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The time in which it was seen running, in ms. */
    long busyMillis() {
        synchronized (busy) {
            return busy.stream().mapToLong(b -> b[1] - b[0]).sum() / 1_000_000;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        sampler.join();
    }
}
