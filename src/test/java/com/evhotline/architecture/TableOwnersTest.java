package com.evhotline.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Only the package that owns a table writes it (the tables below: tickets and their follow-up calls, deadlines and
 * their timers and exemptions, customers and vehicles, notifications, the quality reports, batches and their mail,
 * the figures' summary; a ticket's history is written beside each change by whoever makes it): the SQL that inserts,
 * updates or deletes its rows is written in that package (others compose it, as the ticket's opening embeds the
 * customers' upsert and the timers' insert). So a rule about tickets, deadlines, customers or notifications is
 * changed in one place. Entities are held to the same
 * rule by {@link EntityOwnersTest}.
 */
class TableOwnersTest {

    private static final Path MAIN = Path.of("src/main/java/com/evhotline");

    /** Table -> the package under com.evhotline that owns it. */
    private static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("ticket", "ticket"),
            Map.entry("vehicle_trip", "ticket"),
            Map.entry("follow_up", "ticket"),
            Map.entry("follow_up_attempt", "ticket"),
            Map.entry("ticket_tally", "ticket"),
            Map.entry("deadline", "deadline"),
            Map.entry("deadline_timer", "deadline"),
            Map.entry("exemption", "deadline"),
            Map.entry("customer", "customer"),
            Map.entry("vehicle", "customer"),
            Map.entry("notification", "notification"),
            Map.entry("daily_quality_report", "quality"),
            Map.entry("quality_mail", "quality"),
            Map.entry("quality_batch", "quality"),
            Map.entry("quality_batch_ticket", "quality"),
            Map.entry("quality_fault_check", "quality"),
            Map.entry("kpi_day", "kpi"),
            Map.entry("kpi_day_count", "kpi"),
            Map.entry("kpi_dirt", "kpi"));

    private static final Pattern WRITE = Pattern.compile("\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+([a-z_]+)\\b",
            Pattern.CASE_INSENSITIVE);

    @Test
    void onlyTheOwnerOfATableWritesIt() throws IOException {
        List<String> trespasses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = MAIN.relativize(file).getName(0).toString();
                Matcher m = WRITE.matcher(Files.readString(file));
                while (m.find()) {
                    String table = m.group(1).toLowerCase(java.util.Locale.ROOT);
                    String owner = OWNERS.get(table);
                    if (owner != null && !owner.equals(pkg)) {
                        trespasses.add(MAIN.relativize(file) + " writes " + table + " (owned by " + owner + "/)");
                    }
                }
            }
        }
        assertEquals(List.of(), trespasses);
    }

    @Test
    void everyMessageIsWrittenByTheNotificationService() throws IOException {
        Pattern insert = Pattern.compile("\\bINSERT\\s+INTO\\s+notification\\s*\\(", Pattern.CASE_INSENSITIVE);
        List<String> writers = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                if (insert.matcher(Files.readString(file)).find()) {
                    writers.add(MAIN.relativize(file).toString());
                }
            }
        }
        assertEquals(List.of("notification/NotificationService.java"), writers);
    }
}
