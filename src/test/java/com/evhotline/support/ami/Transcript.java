package com.evhotline.support.ami;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A recorded AMI session (test resource {@code asterisk-transcripts/<name>}): the call's events, immutable, ready to shift, rename and replay. */
public final class Transcript {

    private static final String RESOURCE_DIR = "asterisk-transcripts/";
    private static final Set<String> LOGIN_EVENTS = Set.of("fullybooted", "successfulauth");
    private static final Set<String> CHANNEL_LIST_EVENTS = Set.of("coreshowchannel", "coreshowchannelscomplete");
    private static final Pattern CHANNEL_ID = Pattern.compile("(\\d+)\\.(\\d+)");
    private static final Set<String> EPOCH_SECOND_KEYS = Set.of("lastcall", "logintime");

    private final String name;
    private final List<AmiFrame> events;
    private final List<AmiFrame> coreShowChannelsAnswer;

    private Transcript(String name, List<AmiFrame> events, List<AmiFrame> coreShowChannelsAnswer) {
        this.name = name;
        this.events = List.copyOf(events);
        this.coreShowChannelsAnswer = List.copyOf(coreShowChannelsAnswer);
    }

    /** Reads the classpath resource {@code asterisk-transcripts/<name>}. */
    public static Transcript load(String name) {
        String resource = RESOURCE_DIR + name;
        try (InputStream in = Transcript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Keeps the events Asterisk sent on its own; drops the banner, the responses, the login's events and whatever
     * answered the lab's own actions (by ActionID), except the CoreShowChannels answer, kept apart.
     */
    public static Transcript parse(String name, String text) {
        List<AmiFrame> frames = frames(text);
        Set<String> labActionIds = new HashSet<>();
        frames.stream().filter(AmiFrame::isResponse).map(f -> f.get("ActionID")).filter(Objects::nonNull)
                .forEach(labActionIds::add);
        List<AmiFrame> events = new ArrayList<>();
        List<AmiFrame> channels = new ArrayList<>();
        for (AmiFrame frame : frames) {
            String type = frame.isEvent() ? frame.type().toLowerCase(Locale.ROOT) : null;
            if (type == null || LOGIN_EVENTS.contains(type)) {
                continue;
            }
            if (!labActionIds.contains(frame.get("ActionID"))) {
                events.add(frame);
            } else if (CHANNEL_LIST_EVENTS.contains(type)) {
                channels.add(frame);
            }
        }
        return new Transcript(name, events, channels);
    }

    private static List<AmiFrame> frames(String text) {
        List<AmiFrame> frames = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        boolean first = true;
        for (String line : text.split("\r?\n", -1)) {
            if (first && line.startsWith("Asterisk Call Manager/")) {
                first = false;
                continue;
            }
            first = false;
            if (!line.isEmpty()) {
                block.append(line).append('\n');
            } else if (!block.isEmpty()) {
                frames.add(AmiFrame.parse(block.toString()));
                block.setLength(0);
            }
        }
        if (!block.isEmpty()) {
            frames.add(AmiFrame.parse(block.toString()));
        }
        return frames;
    }

    public String name() {
        return name;
    }

    /** The call's events, in the recorded order. */
    public List<AmiFrame> events() {
        return events;
    }

    /** The CoreShowChannel events and the CoreShowChannelsComplete that answered the lab's CoreShowChannels (empty if none). */
    public List<AmiFrame> coreShowChannelsAnswer() {
        return coreShowChannelsAnswer;
    }

    /**
     * Moves the call {@code seconds} later: every {@code Timestamp}, the epoch part of every channel id
     * ({@code Uniqueid}, {@code Linkedid}, {@code DestUniqueid}, {@code LocalOneLinkedid}...) and the queue's
     * {@code LastCall}/{@code LoginTime}, so each test's call is a new call.
     */
    public Transcript shifted(long seconds) {
        return map(frame -> frame.mapValues((key, value) -> shift(key, value, seconds)));
    }

    private static String shift(String key, String value, long seconds) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.equals("timestamp")) {
            return new BigDecimal(value.trim()).add(BigDecimal.valueOf(seconds)).setScale(6, RoundingMode.HALF_UP).toPlainString();
        }
        if (k.endsWith("uniqueid") || k.endsWith("linkedid")) {
            Matcher id = CHANNEL_ID.matcher(value);
            return id.matches() ? (Long.parseLong(id.group(1)) + seconds) + "." + id.group(2) : value;
        }
        if (EPOCH_SECOND_KEYS.contains(k) && value.matches("[1-9]\\d*")) {
            return Long.toString(Long.parseLong(value) + seconds);
        }
        return value;
    }

    /** Replaces {@code from} by {@code to} inside every value (caller numbers, mobile numbers in channel names...). */
    public Transcript replacing(String from, String to) {
        return map(frame -> frame.mapValues((key, value) -> value.replace(from, to)));
    }

    /** Inserts {@code frame} right after the first event that matches. */
    public Transcript inserting(Predicate<AmiFrame> after, AmiFrame frame) {
        List<AmiFrame> copy = new ArrayList<>(events);
        copy.add(indexOf(after) + 1, frame);
        return new Transcript(name, copy, coreShowChannelsAnswer);
    }

    /** The events that match {@code moved}, taken out and put back just before the first other event matching {@code before}. */
    public Transcript moving(Predicate<AmiFrame> moved, Predicate<AmiFrame> before) {
        List<AmiFrame> rest = new ArrayList<>(events.stream().filter(moved.negate()).toList());
        List<AmiFrame> taken = events.stream().filter(moved).toList();
        int at = -1;
        for (int i = 0; i < rest.size() && at < 0; i++) {
            at = before.test(rest.get(i)) ? i : -1;
        }
        if (taken.isEmpty() || at < 0) {
            throw new IllegalArgumentException("nothing to move, or nowhere to put it, in " + name);
        }
        rest.addAll(at, taken);
        return new Transcript(name, rest, coreShowChannelsAnswer);
    }

    /** The events before the first one that matches (that one excluded). */
    public Transcript until(Predicate<AmiFrame> first) {
        return split(indexOf(first)).before();
    }

    /** The events from the first one that matches (included). */
    public Transcript from(Predicate<AmiFrame> first) {
        return split(indexOf(first)).after();
    }

    /** The two halves around an event index: {@code before} has events [0, index), {@code after} the rest. */
    public Parts split(int index) {
        return new Parts(new Transcript(name, events.subList(0, index), coreShowChannelsAnswer),
                new Transcript(name, events.subList(index, events.size()), coreShowChannelsAnswer));
    }

    /** Every event twice in a row, as a client that reads a replayed stream would see it. */
    public Transcript duplicatingEach() {
        List<AmiFrame> twice = new ArrayList<>(events.size() * 2);
        events.forEach(e -> {
            twice.add(e);
            twice.add(e);
        });
        return new Transcript(name, twice, coreShowChannelsAnswer);
    }

    /** The first event that matches. */
    public AmiFrame first(Predicate<AmiFrame> match) {
        return events.get(indexOf(match));
    }

    /** The events that match, in order. */
    public List<AmiFrame> all(Predicate<AmiFrame> match) {
        return events.stream().filter(match).toList();
    }

    /** The Timestamp of the first event. */
    public Instant firstTimestamp() {
        return first(f -> f.has("Timestamp")).timestamp();
    }

    /** The call's id: the Linkedid of the first Newchannel in context hotline-in. */
    public String linkedId() {
        return first(f -> f.isEvent("Newchannel") && "hotline-in".equals(f.get("Context"))).get("Linkedid");
    }

    private int indexOf(Predicate<AmiFrame> match) {
        for (int i = 0; i < events.size(); i++) {
            if (match.test(events.get(i))) {
                return i;
            }
        }
        throw new IllegalArgumentException("no event of " + name + " matches");
    }

    private Transcript map(Function<AmiFrame, AmiFrame> change) {
        return new Transcript(name, events.stream().map(change).toList(),
                coreShowChannelsAnswer.stream().map(change).toList());
    }

    @Override
    public String toString() {
        return name + " (" + events.size() + " events)";
    }

    /** A transcript cut in two. */
    public record Parts(Transcript before, Transcript after) {
    }
}
