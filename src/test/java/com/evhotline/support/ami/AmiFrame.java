package com.evhotline.support.ami;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;

/** One AMI frame: its {@code Key: Value} lines in order (keys may repeat, and are matched ignoring case, as Asterisk does). */
public final class AmiFrame {

    /** One line of a frame. */
    public record Field(String key, String value) {
        public Field {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    private final List<Field> fields;

    private AmiFrame(List<Field> fields) {
        this.fields = Collections.unmodifiableList(fields);
    }

    /** {@code AmiFrame.of("Event", "VarSet", "Variable", "HOTLINE_ACCEPTED", "Value", "1")}. */
    public static AmiFrame of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must pair up");
        }
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.add(new Field(keysAndValues[i], keysAndValues[i + 1]));
        }
        return new AmiFrame(fields);
    }

    public static AmiFrame of(List<Field> fields) {
        return new AmiFrame(new ArrayList<>(fields));
    }

    /** Parses {@code Key: Value} lines (CRLF or LF); a line without a colon is dropped, as Asterisk-Java does. */
    public static AmiFrame parse(String block) {
        List<Field> fields = new ArrayList<>();
        for (String line : block.split("\r?\n")) {
            Field field = parseLine(line);
            if (field != null) {
                fields.add(field);
            }
        }
        return new AmiFrame(fields);
    }

    /** The field of one wire line, or null when the line has no colon. */
    static Field parseLine(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String value = line.substring(colon + 1);
        return new Field(line.substring(0, colon).trim(), value.startsWith(" ") ? value.substring(1) : value);
    }

    public List<Field> fields() {
        return fields;
    }

    /** The first value of the key, or null. */
    public String get(String key) {
        for (Field f : fields) {
            if (f.key().equalsIgnoreCase(key)) {
                return f.value();
            }
        }
        return null;
    }

    /** Every value of the key, in order. */
    public List<String> getAll(String key) {
        return fields.stream().filter(f -> f.key().equalsIgnoreCase(key)).map(Field::value).toList();
    }

    public boolean has(String key) {
        return get(key) != null;
    }

    /** The event name for an event, "Response" for a response, the action name for an action. */
    public String type() {
        if (has("Event")) {
            return get("Event");
        }
        if (has("Response")) {
            return "Response";
        }
        return get("Action");
    }

    public boolean isEvent() {
        return has("Event");
    }

    public boolean isEvent(String name) {
        return name.equalsIgnoreCase(get("Event"));
    }

    public boolean isResponse() {
        return !isEvent() && has("Response");
    }

    /** The {@code Timestamp} as an instant, or null when the frame has none. */
    public Instant timestamp() {
        String ts = get("Timestamp");
        if (ts == null) {
            return null;
        }
        BigDecimal seconds = new BigDecimal(ts.trim());
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    /** A copy with the first value of the key replaced, or the field appended when the key is absent. */
    public AmiFrame with(String key, String value) {
        List<Field> copy = new ArrayList<>(fields);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).key().equalsIgnoreCase(key)) {
                copy.set(i, new Field(copy.get(i).key(), value));
                return new AmiFrame(copy);
            }
        }
        copy.add(new Field(key, value));
        return new AmiFrame(copy);
    }

    /** A copy without any field of the key. */
    public AmiFrame without(String key) {
        List<Field> copy = new ArrayList<>(fields);
        copy.removeIf(f -> f.key().equalsIgnoreCase(key));
        return new AmiFrame(copy);
    }

    /** A copy whose values are {@code change.apply(key, value)}. */
    public AmiFrame mapValues(BinaryOperator<String> change) {
        List<Field> copy = new ArrayList<>(fields.size());
        for (Field f : fields) {
            copy.add(new Field(f.key(), change.apply(f.key(), f.value())));
        }
        return new AmiFrame(copy);
    }

    /** {@code Key: Value\r\n} per field, then the blank line that ends a frame. */
    public String toWire() {
        StringBuilder sb = new StringBuilder();
        for (Field f : fields) {
            sb.append(f.key()).append(": ").append(f.value()).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AmiFrame other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.isEmpty() ? "(empty frame)" : toWire().strip().replace("\r\n", " | ");
    }
}
