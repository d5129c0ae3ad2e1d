package com.evhotline.call.service;

import com.evhotline.call.CallRecord;
import com.evhotline.common.HotlineConfig;
import com.evhotline.common.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Finds a call's recording in the directory the PBX writes to ({@code hotline.recordings-dir}). Only a
 * plain file name whose real path lies inside that directory is ever served: the name comes from the
 * PBX's channel variables, which a caller's input may have shaped.
 */
@ApplicationScoped
public class Recordings {

    private static final Logger LOG = Logger.getLogger(Recordings.class);

    /** A recording to send: the file, the name to offer, and its media type. */
    public record Recording(Path file, String name, String mediaType) {
    }

    private final Path dir;
    private final Vertx vertx;

    public Recordings(HotlineConfig config, Vertx vertx) {
        this.dir = Path.of(config.recordingsDir()).toAbsolutePath().normalize();
        this.vertx = vertx;
    }

    /** The call's recording; a 404 problem that says why when there is none to send. */
    public Uni<Recording> of(CallRecord call) {
        if (call.recording == null || call.recording.isBlank()) {
            return Uni.createFrom().failure(new Problem(404, "Not found", "call " + call.id + " has no recording"));
        }
        // file-system look-ups block: off the event loop, back on the request's context afterwards
        return vertx.executeBlocking(() -> locate(call.id, call.recording), false);
    }

    Recording locate(long callId, String name) {
        if (!isPlainName(name)) {
            LOG.warnf("Call %d names its recording '%s', which is not a plain file name; not served", callId, name);
            throw new Problem(404, "Not found", "the recording of call " + callId
                    + " is not a plain file name in the recordings directory; see the service log");
        }
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw missing(callId, name);
        }
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(dir.toRealPath())) {
                LOG.warnf("Recording '%s' of call %d leads outside the recordings directory %s (to %s); not served",
                        name, callId, dir, real);
                throw missing(callId, name);
            }
            return new Recording(real, name, mediaType(name));
        } catch (IOException e) {
            throw missing(callId, name);
        }
    }

    /** A name of a file directly in the directory: no separators, no parent, not hidden, no control characters. */
    static boolean isPlainName(String name) {
        return !name.isBlank()
                && name.indexOf('/') < 0
                && name.indexOf('\\') < 0
                && !name.contains("..")
                && !name.startsWith(".")
                && name.chars().noneMatch(ch -> ch < 0x20 || ch == 0x7f);
    }

    private static Problem missing(long callId, String name) {
        return new Problem(404, "Not found", "the recording of call " + callId + " (" + name
                + ") is not in the recordings directory");
    }

    static String mediaType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".wav")) {
            return "audio/wav";
        }
        if (lower.endsWith(".mp3")) {
            return "audio/mpeg";
        }
        if (lower.endsWith(".gsm")) {
            return "audio/x-gsm";
        }
        return "application/octet-stream";
    }
}
