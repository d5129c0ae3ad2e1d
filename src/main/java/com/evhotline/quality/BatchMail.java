package com.evhotline.quality;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;

/** The quality list's message about a batch quality problem: the fault, the vehicles and their tickets. */
@ApplicationScoped
class BatchMail {

    private static final Logger LOG = Logger.getLogger(BatchMail.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    /** The flag's tickets, for the message. */
    static final String MEMBERS = """
            SELECT t.number, m.vin, m.received_at FROM quality_batch_ticket m JOIN ticket t ON t.id = m.ticket_id
             WHERE m.batch_id = $1 ORDER BY m.received_at, m.ticket_id""";

    static final String QUEUE_MAIL = """
            INSERT INTO quality_mail (source, address, batch_id, subject, body, state, next_attempt_at, created_at)
            SELECT $1, a, $2, $3, $4, 'QUEUED', $5, $5 FROM unnest($6::text[]) AS a
            ON CONFLICT DO NOTHING""";

    private final QualityConfig config;
    private final ZoneId zone;

    BatchMail(QualityConfig config, ZoneId zone) {
        this.config = config;
        this.zone = zone;
    }

    /** Queues one message per address of the list in the transaction of {@code c} (once per source). */
    Uni<Void> queue(SqlConnection c, long id, int vehicles, String fault, String source, String subject,
            Instant now) {
        List<String> to = config.quality().addresses();
        if (to.isEmpty()) {
            LOG.warnf("Batch quality problem #%d (%s, %d vehicles): no quality addresses to tell", id, fault, vehicles);
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery(MEMBERS).execute(Tuple.of(id)).chain(rows -> c.preparedQuery(QUEUE_MAIL)
                .execute(Tuple.from(Arrays.asList(source, id, subject, body(fault, vehicles, rows),
                        now.atOffset(ZoneOffset.UTC), to.toArray(String[]::new)))))
                .replaceWithVoid();
    }

    private String body(String fault, int vehicles, RowSet<Row> members) {
        StringBuilder b = new StringBuilder(ReportWords.BATCH).append("\n\n故障：").append(fault)
                .append("\n车辆数：").append(vehicles)
                .append("\n受理时间相距：").append(within(config.batchFault().window()))
                .append("\n\n工单（").append(zone.getId()).append("）：\n");
        for (Row r : members) {
            b.append("  ").append(r.getString("number")).append("  ").append(r.getString("vin")).append("  ")
                    .append(TIME.format(r.getOffsetDateTime("received_at").atZoneSameInstant(zone))).append('\n');
        }
        return b.append("\n请质量部确认问题、查找原因并明确责任部门。\n").toString();
    }

    private static String within(Duration window) {
        return window.toHours() % 24 == 0 ? window.toDays() + " 天内" : window.toHours() + " 小时内";
    }
}
