package com.evhotline.station;

import com.evhotline.common.PhoneNumbers;
import com.evhotline.common.Problem;
import com.evhotline.common.Text;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Stations from a CSV file with a header row ({@code code,name,region,phone,address,managerStaffId,preferredChannels}; only
 * {@code code} and {@code name} required): a new code adds a station, a known one changes it. Every row is
 * checked first and every error reported with its line and column; a file with any error imports nothing.
 */
@ApplicationScoped
public class StationImport {

    /** One thing to fix in the file. */
    public record RowError(long line, String column, String message) {
    }

    /** What an import did. */
    public record Imported(int added, int changed) {
    }

    static final List<String> COLUMNS = List.of("code", "name", "region", "phone", "address", "managerStaffId",
            "preferredChannels");
    static final int MAX_ROWS = 5_000;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final StationRepository stations;
    private final PhoneNumbers phones;
    private final Clock clock;

    public StationImport(StationRepository stations, PhoneNumbers phones, Clock clock) {
        this.stations = stations;
        this.phones = phones;
        this.clock = clock;
    }

    /** The file's rows as read and checked, and the columns its first line names. */
    private record Read(List<Row> rows, Set<String> columns) {
    }

    /** A row as read and checked, ready to write. */
    private record Row(long line, String code, String name, String region, String phone, String address, Long manager,
            String[] channels) {
    }

    @WithTransaction
    public Uni<Imported> importCsv(String csv) {
        List<RowError> errors = new ArrayList<>();
        Read read = read(csv, errors);
        List<Row> rows = read.rows();
        Set<Long> managers = new HashSet<>();
        rows.forEach(r -> {
            if (r.manager() != null) {
                managers.add(r.manager());
            }
        });
        return stations.activeStaffAmong(managers).chain(active -> {
            for (Row r : rows) {
                if (r.manager() != null && !active.contains(r.manager())) {
                    errors.add(new RowError(r.line(), "managerStaffId", "no active staff member with id " + r.manager()));
                }
            }
            if (!errors.isEmpty()) {
                errors.sort(java.util.Comparator.comparingLong(RowError::line));
                throw Problem.invalid("the file has " + errors.size() + " error(s): nothing was imported; fix them"
                        + " and send the whole file again", errors);
            }
            return stations.byCodes(rows.stream().map(Row::code).toList())
                    .chain(existing -> write(rows, existing, read.columns()));
        });
    }

    /** A column the file leaves out keeps a known station's value; a column given blank clears it. */
    private Uni<Imported> write(List<Row> rows, Map<String, Station> existing, Set<String> columns) {
        int added = 0;
        List<Station> fresh = new ArrayList<>();
        for (Row r : rows) {
            Station s = existing.get(r.code());
            if (s == null) {
                s = new Station();
                s.code = r.code();
                s.createdAt = clock.instant();
                fresh.add(s);
                added++;
            }
            s.name = r.name();
            if (columns.contains("region")) {
                s.region = r.region();
            }
            if (columns.contains("phone")) {
                s.phone = r.phone();
            }
            if (columns.contains("address")) {
                s.address = r.address();
            }
            if (columns.contains("managerStaffId")) {
                s.managerStaffId = r.manager();
            }
            if (columns.contains("preferredChannels")) {
                s.preferredChannels = r.channels();
            }
        }
        int changed = rows.size() - added;
        int addedCount = added;
        Uni<Void> persisted = fresh.isEmpty() ? Uni.createFrom().voidItem() : stations.persist(fresh.stream());
        return persisted.replaceWith(new Imported(addedCount, changed)); // the changed ones are flushed at commit
    }

    private Read read(String csv, List<RowError> errors) {
        if (csv == null || csv.isBlank()) {
            throw Problem.invalid("csv: the file is empty; its first line names the columns " + COLUMNS);
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get();
        List<Row> rows = new ArrayList<>();
        Set<String> columns;
        Map<String, Long> codes = new HashMap<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv.startsWith("\uFEFF") ? csv.substring(1) : csv),
                format)) {
            List<String> header = parser.getHeaderNames();
            columns = Set.copyOf(header);
            List<String> unknown = header.stream().filter(h -> !COLUMNS.contains(h)).toList();
            if (!unknown.isEmpty() || !header.contains("code") || !header.contains("name")) {
                throw Problem.invalid("csv: the first line must name the columns, among " + COLUMNS + ", with code and"
                        + " name; unknown: " + unknown + ", got " + header);
            }
            for (CSVRecord rec : parser) {
                if (rows.size() >= MAX_ROWS) {
                    throw Problem.invalid("csv: at most " + MAX_ROWS + " stations per file; split it");
                }
                long line = parser.getCurrentLineNumber(); // the record's last line, blank lines and all
                Row row = row(rec, line, errors);
                if (row != null) {
                    Long first = codes.putIfAbsent(row.code(), line);
                    if (first != null) {
                        errors.add(new RowError(line, "code", "'" + row.code() + "' is already on line " + first));
                    }
                    rows.add(row);
                }
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw Problem.invalid("csv: not a readable CSV file (" + e.getMessage() + ")");
        }
        if (rows.isEmpty() && errors.isEmpty()) {
            throw Problem.invalid("csv: the file names its columns but has no station");
        }
        return new Read(rows, columns);
    }

    /** One row checked; null when it has errors (they are added to {@code errors}). */
    private Row row(CSVRecord rec, long line, List<RowError> errors) {
        int before = errors.size();
        if (!rec.isConsistent()) {
            errors.add(new RowError(line, null, "has " + rec.size() + " fields where the first line names "
                    + rec.getParser().getHeaderNames().size()));
            return null;
        }
        String code = value(rec, "code");
        String name = value(rec, "name");
        if (code == null || !CODE.matcher(code).matches()) {
            errors.add(new RowError(line, "code", "1 to 32 of A-Z, a-z, 0-9, '_', '-', got '" + code + "'"));
        }
        if (name == null || name.length() > 200) {
            errors.add(new RowError(line, "name", "required, at most 200 characters"));
        }
        String region = value(rec, "region");
        if (region != null && region.length() > 100) {
            errors.add(new RowError(line, "region", "at most 100 characters"));
        }
        String address = value(rec, "address");
        if (address != null && address.length() > 500) {
            errors.add(new RowError(line, "address", "at most 500 characters"));
        }
        String phone = null;
        String rawPhone = value(rec, "phone");
        if (rawPhone != null) {
            try {
                phone = phones.normalise("phone", rawPhone);
            } catch (Problem p) {
                errors.add(new RowError(line, "phone", p.getMessage().replaceFirst("^phone: ", "")));
            }
        }
        Long manager = null;
        String rawManager = value(rec, "managerStaffId");
        if (rawManager != null) {
            if (rawManager.matches("[1-9][0-9]{0,17}")) {
                manager = Long.parseLong(rawManager);
            } else {
                errors.add(new RowError(line, "managerStaffId", "a staff member's id (a whole number), got '"
                        + rawManager + "'"));
            }
        }
        String[] channels = null;
        try {
            channels = StationChannels.parse(value(rec, "preferredChannels"));
        } catch (IllegalArgumentException e) {
            errors.add(new RowError(line, "preferredChannels", e.getMessage() + ", joined by '+' (SMS+EMAIL)"));
        }
        return errors.size() > before ? null : new Row(line, code, name, region, phone, address, manager, channels);
    }

    private static String value(CSVRecord rec, String column) {
        return rec.isMapped(column) ? Text.blankToNull(rec.get(column)) : null;
    }
}
