package com.evhotline.call.service;

import com.evhotline.call.service.CallTicketService.Intake;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Calls the routing script has answered and the database has not yet taken, forced to disk before the
 * PBX gets its answer: a crash or a restart loses none of them. An append-only log in segments: one
 * line per call ({@code C <json>}), one more once it is on its ticket ({@code D <linked id>}). Group
 * commit, as the database does with its WAL: one writer thread writes everything queued in one
 * synchronous write (direct, into a segment prepared ahead; else a write and one {@code fdatasync}), so a call waits for at most the flush under way and its own, and never
 * longer than half a second (a disk that hangs holds the writer, not the PBX's calls: they are
 * answered, held in memory, and said so). The {@code D} lines need no flush of their own. A segment is deleted once every call in it is on its ticket; a new one is begun past
 * {@value #SEGMENT_BYTES} bytes, prepared ahead (see {@link #prepareSpare}). The files of the earlier journal ({@code call-<linked id>.json}, one
 * per call) are read too, and deleted the same way.
 *
 * <p>Over 400 lines because its invariants hold only together: the one writer thread owns the open
 * segment, the spare being prepared and the set of calls still pending per segment; taken apart, each
 * piece would need the writer's lock and the others' state.
 */
public final class IntakeJournal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IntakeJournal.class);
    private static final long SEGMENT_BYTES = 4L << 20;
    /** How long a call waits for its line to be on disk before its caller goes on without (and says so). */
    private static final Duration DURABLE_WITHIN = Duration.ofMillis(500);
    /** How long after a failed preparation of a spare segment (a disk full) the writer tries again. */
    private static final Duration SPARE_RETRY = Duration.ofMinutes(1);
    private static final String LEGACY_SUFFIX = ".json";
    private static final String SUFFIX = ".log";

    private static final class Append {
        final String linkedId;
        final byte[] line;
        boolean durable;
        IOException failed;

        Append(String linkedId, byte[] line) {
            this.linkedId = linkedId;
            this.line = line;
        }
    }

    private record Done(String linkedId) {
    }

    private final Path dir;
    private final ObjectMapper json;
    /** Guards the queue and each call's outcome; a call waits on it for its write. */
    private final Object lock = new Object();
    private List<Object> queue = new ArrayList<>();
    private final Thread writer;
    // guarded by this: which segment holds each call not yet done, and how many such calls each segment holds
    private final Map<String, Path> segmentOf = new HashMap<>();
    private final Map<Path, Integer> open = new HashMap<>();
    // the writer thread's own
    private FileChannel current;
    private volatile Path currentPath;
    /** A segment written full of zeros ahead of need, taken by the next {@link #begin}. */
    private volatile Path spare;
    /** When preparing one last failed (System.nanoTime; the writer's own), so it is not tried before every batch. */
    private long spareFailedAt = System.nanoTime() - SPARE_RETRY.toNanos() - 1;
    private long currentSize;
    /** Whether the current segment takes direct, synchronous writes, in whole blocks of {@code block}. */
    private boolean direct;
    private int block = 4096;
    /** The bytes of the block the current segment's data ends in (direct writes rewrite it whole). */
    private byte[] tail = new byte[4096];
    /** The direct writes' buffer, block-aligned, grown as a batch needs and kept. */
    private ByteBuffer aligned;
    private int created;
    private volatile boolean closed;

    public IntakeJournal(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the intake journal " + dir, e);
        }
        writer = new Thread(this::writeLoop, "intake-journal");
        writer.setDaemon(true);
        writer.start();
    }

    /** Appends the call and returns once it is on disk; fails if that cannot be done within half a second. */
    public void write(Intake intake) throws IOException {
        Append a = new Append(intake.linkedId(), line(intake));
        long until = System.nanoTime() + DURABLE_WITHIN.toNanos();
        synchronized (lock) {
            if (closed) {
                throw new IOException("the intake journal is closed");
            }
            queue.add(a);
            lock.notifyAll(); // the writer
            while (!a.durable) {
                if (a.failed != null) {
                    throw a.failed;
                }
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the journal's disk did not take the call within " + DURABLE_WITHIN.toMillis()
                            + " ms (it is still being written)");
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for the journal", e);
                }
            }
        }
    }

    /**
     * The call's {@code C} line: the intake as a JSON object (read back with the service's Jackson
     * mapper), written by hand because this runs on the call's thread before its answer, where
     * Jackson's bean serialisation of the record would cost more than the rest of the script.
     */
    static byte[] line(Intake in) {
        StringBuilder b = new StringBuilder(256).append("C {");
        field(b, "linkedId", in.linkedId()).append(',');
        field(b, "callerRaw", in.callerRaw()).append(',');
        field(b, "at", in.at() == null ? null : in.at().toString()).append(',');
        field(b, "route", in.route()).append(',');
        field(b, "queue", in.queue()).append(',');
        field(b, "promisedNumber", in.promisedNumber()).append(',');
        field(b, "givenNumber", in.givenNumber()).append(',');
        field(b, "source", in.source()).append(',');
        field(b, "routedAt", in.routedAt() == null ? null : in.routedAt().toString()).append("}\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code "name":"value"} with JSON's escapes (or {@code null}). */
    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":");
        if (value == null) {
            return b.append("null");
        }
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    /** The call is on its ticket: its line no longer needs replaying (written without waiting for the disk). */
    public void delete(String linkedId) {
        synchronized (lock) {
            if (!closed) {
                queue.add(new Done(linkedId));
            }
        }
    }

    /**
     * Every call still waiting for the database that an earlier run (or another journal on this
     * directory) left, e.g. after a restart; from then on they are this journal's to finish. Lines that
     * cannot be read (the last one of a crash, cut short: its call was never answered) are reported.
     */
    public List<Intake> pending() {
        Map<String, Intake> found = new LinkedHashMap<>();
        Map<String, Path> where = new HashMap<>();
        java.util.Set<Path> unreadable = new java.util.HashSet<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the intake journal " + dir, e);
        }
        files.stream().filter(p -> p.getFileName().toString().startsWith(".spare-") && !p.equals(spare))
                .forEach(this::deleteQuietly); // spares a stop left behind
        files = files.stream().filter(p -> p.toString().endsWith(SUFFIX) || p.toString().endsWith(LEGACY_SUFFIX))
                .toList();
        List<Path> theirs = new ArrayList<>();
        synchronized (this) {
            for (Path f : files) {
                if (!f.equals(currentPath) && !open.containsKey(f)) {
                    theirs.add(f); // not this journal's own
                }
            }
        }
        for (Path f : theirs) {
            try {
                if (f.toString().endsWith(LEGACY_SUFFIX)) {
                    Intake in = json.readValue(Files.readAllBytes(f), Intake.class);
                    found.put(in.linkedId(), in);
                    where.put(in.linkedId(), f);
                } else if (!read(f, found, where)) {
                    unreadable.add(f);
                }
            } catch (IOException e) {
                unreadable.add(f);
                LOG.errorf("intake journal file %s cannot be read (%s); it is kept for a person to look at", f,
                        e.getMessage());
            }
        }
        synchronized (this) {
            where.forEach(this::register);
            // files with nothing left to write go at once; one with a line that could not be read stays
            java.util.Set<Path> holding = new java.util.HashSet<>(where.values());
            theirs.stream().filter(f -> !holding.contains(f) && !unreadable.contains(f)).forEach(this::deleteQuietly);
        }
        return new ArrayList<>(found.values());
    }

    /**
     * The calls of one segment, line by line (a line that is not valid UTF-8 or JSON is skipped and
     * reported); false when a line other than the last could not be read, so that the file is kept.
     */
    private boolean read(Path f, Map<String, Intake> found, Map<String, Path> where) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++; // a prepared segment's zeros: nothing was written past here
        }
        List<String> lines = new ArrayList<>();
        for (int from = 0, to; from < end; from = to + 1) {
            to = from;
            while (to < end && bytes[to] != '\n') {
                to++;
            }
            lines.add(new String(bytes, from, to - from, StandardCharsets.UTF_8));
        }
        boolean whole = true;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("D ")) {
                found.remove(l.substring(2).trim());
                where.remove(l.substring(2).trim());
                continue;
            }
            try {
                if (!l.startsWith("C ")) {
                    throw new IOException("neither C nor D");
                }
                Intake in = json.readValue(l.substring(2), Intake.class);
                found.put(in.linkedId(), in);
                where.put(in.linkedId(), f);
            } catch (IOException e) {
                boolean last = i == lines.size() - 1;
                whole &= last;
                LOG.warnf("intake journal %s line %d cannot be read (%s)%s", f.getFileName(), i + 1, e.getMessage(),
                        last ? ": the last line, cut short by a stop before it reached the disk, so its call was"
                                + " never answered from it" : "; the file is kept for a person to look at");
            }
        }
        return whole;
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true; // the writer writes what is queued, then stops
            lock.notifyAll();
        }
        try {
            writer.join(2_000);
            writer.interrupt(); // if the disk still holds it
            writer.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeCurrent();
        deleteQuietly(spare);
        spare = null;
    }

    /**
     * The writer, the only thread that writes: flushes what is queued, whenever something is, and keeps
     * a spare segment ready. A thread of its own, so that a disk that hangs holds no call's thread past
     * its half second.
     */
    private void writeLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            if (spare == null && !closed && System.nanoTime() - spareFailedAt > SPARE_RETRY.toNanos()) {
                prepareSpare();
            }
            List<Object> batch;
            synchronized (lock) {
                try {
                    if (queue.isEmpty() && !closed) {
                        lock.wait(1_000);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (queue.isEmpty()) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch = queue;
                queue = new ArrayList<>();
            }
            writeBatch(batch);
            synchronized (lock) {
                lock.notifyAll(); // the calls of the batch, durable or failed
            }
        }
    }

    private void writeBatch(List<Object> batch) {
        List<Append> appended = new ArrayList<>();
        List<String> done = new ArrayList<>(); // on their tickets, whether or not their D line gets written
        batch.stream().filter(Done.class::isInstance).forEach(d -> done.add(((Done) d).linkedId()));
        try {
            java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
            for (Object op : batch) {
                if (op instanceof Append a) {
                    lines.writeBytes(a.line);
                    appended.add(a);
                } else if (op instanceof Done d) {
                    lines.writeBytes(("D " + d.linkedId() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            append(lines.toByteArray());
            if (!appended.isEmpty() && !direct) {
                current.force(false);
            }
        } catch (IOException e) {
            LOG.errorf(e, "the intake journal could not write %s; starting a new segment", currentPath);
            closeCurrent();
            synchronized (lock) {
                batch.stream().filter(Append.class::isInstance).forEach(a -> ((Append) a).failed = e);
            }
            appended.clear();
        }
        Path segment = currentPath;
        synchronized (this) {
            appended.forEach(a -> register(a.linkedId, segment));
            done.forEach(this::finished);
        }
        synchronized (lock) {
            appended.forEach(a -> a.durable = true);
        }
        if (currentSize > SEGMENT_BYTES - (64 << 10) && currentPath != null) {
            Path full = currentPath;
            closeCurrent();
            synchronized (this) {
                if (!open.containsKey(full)) {
                    deleteQuietly(full);
                }
            }
        }
    }

    private void append(byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            return;
        }
        if (current == null) {
            begin();
        }
        if (!direct) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                currentSize += current.write(b, currentSize); // over the zeros of a prepared segment
            }
            return;
        }
        // whole blocks from the one the data ends in: what it held so far, the new bytes, zeros to its end
        long from = currentSize / block * block;
        int head = (int) (currentSize - from);
        int length = (int) ((head + bytes.length + block - 1) / block * block);
        if (aligned == null || aligned.capacity() < length) {
            aligned = ByteBuffer.allocateDirect(Math.max(length, 64 << 10) + block).alignedSlice(block); // kept
        }
        ByteBuffer b = aligned.clear();
        b.put(tail, 0, head).put(bytes);
        while (b.position() < length) {
            b.put((byte) 0); // the block's rest: zeros, as the segment was prepared
        }
        b.flip();
        long at = from;
        while (b.hasRemaining()) {
            at += current.write(b, at);
        }
        currentSize += bytes.length;
        int kept = (int) (currentSize % block);
        b.position((int) (currentSize / block * block - from)).limit((int) (currentSize / block * block - from) + kept);
        b.get(tail, 0, kept);
    }

    /**
     * A new segment, its name made durable in the directory before any call relies on it: the spare
     * the writer prepared, if there is one, else a file begun empty.
     */
    private void begin() throws IOException {
        Path ready = spare;
        spare = null;
        while (true) {
            Path p = dir.resolve(String.format("intake-%013d-%04d%s", System.currentTimeMillis(), created++ % 10_000,
                    SUFFIX));
            try {
                if (ready != null) {
                    try {
                        Files.move(ready, p, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        current = openDirect(p);
                    } catch (java.nio.file.NoSuchFileException | java.nio.file.AtomicMoveNotSupportedException e) {
                        ready = null;
                        continue;
                    }
                } else {
                    current = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    direct = false;
                }
                currentPath = p;
                currentSize = 0;
                break;
            } catch (FileAlreadyExistsException e) {
                // another journal's segment of the same millisecond: the next name
            }
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debugf("directory %s cannot be forced here: %s", dir, e.getMessage());
        }
    }

    /**
     * A prepared segment opened for direct, synchronous writes (each one a single write the disk
     * acknowledges as durable, no separate cache flush), where the file system allows; else as usual.
     */
    private FileChannel openDirect(Path p) throws IOException {
        try {
            block = Math.max(512, (int) Files.getFileStore(p).getBlockSize());
            FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.DSYNC,
                    com.sun.nio.file.ExtendedOpenOption.DIRECT);
            tail = new byte[block];
            direct = true;
            return ch;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debugf("direct writes not available for %s (%s): written and forced as usual", p, e.getMessage());
            direct = false;
            return FileChannel.open(p, StandardOpenOption.WRITE);
        }
    }

    /** Whether the next segment is prepared (for the tests). */
    boolean spareReady() {
        return spare != null;
    }

    /**
     * The next segment, written full of zeros and forced ahead of need, as PostgreSQL does with its WAL:
     * a line written into it changes no file size or block map, so its {@code fdatasync} only flushes
     * data and needs no commit of the file system's own journal (another thread to wake, and another
     * write, for every flush of a file that grows).
     */
    private void prepareSpare() {
        Path p = dir.resolve(String.format(".spare-%013d-%d.tmp", System.currentTimeMillis(), ProcessHandle.current().pid()));
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(64 << 10);
            for (long at = 0; at < SEGMENT_BYTES; at += zeros.capacity()) {
                zeros.clear();
                while (zeros.hasRemaining()) {
                    ch.write(zeros, at + zeros.position());
                }
            }
            ch.force(true);
            spare = p;
        } catch (IOException e) {
            LOG.warnf("could not prepare the next intake journal segment %s (%s); segments are begun empty, tried"
                    + " again in %d s", p, e.getMessage(), SPARE_RETRY.toSeconds());
            deleteQuietly(p);
            spareFailedAt = System.nanoTime(); // not before every batch: a segment written ahead of calls waiting
        }
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                LOG.debugf("closing %s: %s", currentPath, e.getMessage());
            }
        }
        current = null;
        currentPath = null;
        currentSize = 0;
    }

    /** Guarded by this. A call journalled again (the same linked id) counts in its latest segment only. */
    private void register(String linkedId, Path segment) {
        Path before = segmentOf.put(linkedId, segment);
        if (before != null) {
            release(before);
        }
        open.merge(segment, 1, Integer::sum);
    }

    /** Guarded by this. */
    private void finished(String linkedId) {
        Path segment = segmentOf.remove(linkedId);
        if (segment != null) {
            release(segment);
        }
    }

    /** Guarded by this: a segment holding no call left to write goes, unless it is still being written. */
    private void release(Path segment) {
        Integer left = open.merge(segment, -1, Integer::sum);
        if (left != null && left <= 0) {
            open.remove(segment);
            if (!segment.equals(currentPath)) {
                deleteQuietly(segment);
            }
        }
    }

    private void deleteQuietly(Path f) {
        if (f == null) {
            return;
        }
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.warnf("could not delete the intake journal file %s (its calls will be replayed, harmlessly): %s", f,
                    e.getMessage());
        }
    }
}
