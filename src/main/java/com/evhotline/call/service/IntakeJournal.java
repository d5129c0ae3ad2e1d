package com.evhotline.call.service;

import com.evhotline.call.service.CallTicketService.Intake;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Calls the routing script has answered but the database has not yet taken, one small file each,
 * forced to disk before the PBX gets its answer: a crash or a restart while the database is down
 * loses none of them. A file is deleted once its call is on a ticket.
 */
public final class IntakeJournal {

    private static final Logger LOG = Logger.getLogger(IntakeJournal.class);
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final ObjectMapper json;

    public IntakeJournal(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the intake journal " + dir, e);
        }
    }

    /** Writes the intake durably (file forced, then renamed into place, then the directory forced). */
    public void write(Intake intake) throws IOException {
        Path target = fileOf(intake.linkedId());
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        byte[] bytes = json.writeValueAsBytes(intake);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debugf("directory %s cannot be forced here: %s", dir, e.getMessage());
        }
    }

    public void delete(String linkedId) {
        try {
            Files.deleteIfExists(fileOf(linkedId));
        } catch (IOException e) {
            LOG.warnf("could not delete the journal entry of call %s (it will be replayed, harmlessly): %s", linkedId,
                    e.getMessage());
        }
    }

    /** Every intake still waiting for the database, e.g. after a restart. Unreadable files are kept and reported. */
    public List<Intake> pending() {
        List<Intake> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(SUFFIX)).sorted().toList()) {
                try {
                    found.add(json.readValue(new String(Files.readAllBytes(f), StandardCharsets.UTF_8), Intake.class));
                } catch (IOException e) {
                    LOG.errorf("intake journal file %s cannot be read (%s); it is kept for a person to look at", f,
                            e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the intake journal " + dir, e);
        }
        return found;
    }

    /** Linked ids are checked at the edge ([A-Za-z0-9._-]); a leading dot is the only thing left to defuse. */
    private Path fileOf(String linkedId) {
        return dir.resolve("call-" + linkedId + SUFFIX);
    }
}
