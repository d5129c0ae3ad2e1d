package com.evhotline.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/** A PostgreSQL server process as seen from outside: named by its data directory's {@code postmaster.pid}. */
final class Postmaster {

    private static final Logger LOG = Logger.getLogger(Postmaster.class.getName());
    private static final Duration POLL = Duration.ofMillis(100);

    private Postmaster() {
    }

    /** The server running on the data directory, if its pid file names a live postmaster of that directory. */
    static Optional<ProcessHandle> of(Path pgData) throws IOException {
        return pid(pgData).stream().boxed()
                .flatMap(pid -> ProcessHandle.of(pid).stream())
                .filter(p -> !p.equals(ProcessHandle.current())) // a stale pid now ours
                .filter(Postmaster::running)
                .filter(p -> servesDirectory(p, pgData))
                .findFirst();
    }

    /**
     * PostgreSQL takes a pid file that names any live process (a zombie too) for a running server and refuses to
     * start; after a crash or reboot that pid may belong to anything. Called when it names no server of ours.
     */
    static void removeIfStale(Path pgData) throws IOException {
        OptionalLong pid = pid(pgData);
        if (pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
            LOG.warning("postmaster.pid in " + pgData + " names pid " + pid.getAsLong()
                    + ", which is no PostgreSQL server of it; removing the stale file");
            removePidFile(pgData, pid.getAsLong());
        }
    }

    /** Removes the pid file if it still names the given (dead) postmaster. */
    static void removePidFile(Path pgData, long pid) throws IOException {
        if (pid(pgData).equals(OptionalLong.of(pid))) {
            Files.deleteIfExists(pgData.resolve("postmaster.pid"));
        }
    }

    private static OptionalLong pid(Path pgData) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(pgData.resolve("postmaster.pid"));
        } catch (NoSuchFileException noneOrStoppedMeanwhile) {
            return OptionalLong.empty();
        }
        return lines.isEmpty() || !lines.get(0).trim().matches("\\d{1,18}")
                ? OptionalLong.empty()
                : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
    }

    /** Waits until the process has exited; answers whether it did in time. */
    static boolean awaitGone(ProcessHandle process, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (running(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                // a pause that ends early on exit; onExit() alone also waits for the reaping, which a
                // container's init may never do
                process.onExit().get(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException stillThere) {
                // poll again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !running(process);
            }
        }
        return true;
    }

    /** Alive and not a zombie: an exited postmaster whose parent has not reaped it holds nothing. */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (NoSuchFileException goneMeanwhile) {
            return process.isAlive() && !Files.isDirectory(Path.of("/proc"));
        } catch (IOException | RuntimeException noProcfs) {
            return true;
        }
    }

    /**
     * A pid file can outlive its server and the pid be reused (after a reboot, even by another PostgreSQL): the
     * postmaster works in its data directory, so that is what names ours.
     */
    private static boolean servesDirectory(ProcessHandle process, Path pgData) {
        Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
        try {
            return Files.isSameFile(cwd, pgData);
        } catch (IOException | SecurityException noProcfs) {
            return process.info().command().map(c -> c.endsWith("postgres")).orElse(false);
        }
    }
}
