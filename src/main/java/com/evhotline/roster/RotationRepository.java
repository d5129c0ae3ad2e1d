package com.evhotline.roster;

import com.evhotline.common.BusinessDates;
import com.evhotline.notification.NotificationService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;

/** Rotations, over the reactive client (their member list is an array column). */
@ApplicationScoped
public class RotationRepository {

    private static final Logger LOG = Logger.getLogger(RotationRepository.class);

    private final Pool pool;

    public RotationRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Every rotation, ended ones too (their turns before the end are the record of who was on duty). A
     * rotation whose start date lies outside the service's range (stored before the API refused such
     * dates) is left out, logged and told to the administrators, so that one row cannot stop the roster
     * from loading.
     */
    public Uni<List<Rotation>> all(Instant now) {
        // a prepared statement: rows come in binary, which decodes any year (the text form fails past 9999)
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM roster_rotation ORDER BY id").execute().chain(rows -> {
            List<Rotation> all = new ArrayList<>();
            List<Rotation> skipped = new ArrayList<>();
            rows.forEach(r -> {
                Rotation rotation = rotation(r);
                (BusinessDates.accepts(rotation.startDate()) ? all : skipped).add(rotation);
            });
            return Multi.createFrom().iterable(skipped).onItem().transformToUniAndConcatenate(s -> skip(s, now))
                    .collect().last().replaceWith(all);
        });
    }

    private Uni<Void> skip(Rotation r, Instant now) {
        String subject = "Rotation " + r.id() + " (" + r.name() + ") starts on " + r.startDate()
                + ", outside 2000-2100: it is left out of the roster; end it and enter it again";
        return pool.preparedQuery(NotificationService.SKIPPED_ROW)
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), "skipped:roster_rotation:" + r.id(), subject))
                .invoke(told -> LOG.logf(told.iterator().next().getLong(0) > 0 ? Logger.Level.ERROR : Logger.Level.DEBUG,
                        "%s", subject))
                .replaceWithVoid();
    }

    private static final String COLUMNS = "id, name, position, handover, period_days, start_date, members, ended_at";

    /** One rotation, ended or not; null when there is none with that id. */
    public Uni<Rotation> byId(long id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM roster_rotation WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : rotation(rows.iterator().next()));
    }

    /** Ends a rotation now; null when it was ended already (or there is none). */
    public Uni<Rotation> end(long id, String reason, String actor, Instant now) {
        return pool.preparedQuery("UPDATE roster_rotation SET active = false, ended_at = $2, ended_by = $3,"
                        + " ended_reason = $4 WHERE id = $1 AND active RETURNING " + COLUMNS)
                .execute(Tuple.of(id, now.atOffset(ZoneOffset.UTC), actor, reason))
                .map(rows -> rows.size() == 0 ? null : rotation(rows.iterator().next()));
    }

    /** The roles that take forwarded hotline calls: someone on the on-duty chain holds one of them. */
    public static final List<String> ON_DUTY_ROLES = List.of(com.evhotline.security.Roles.DUTY,
            com.evhotline.security.Roles.SUPERVISOR, com.evhotline.security.Roles.LEADER,
            com.evhotline.security.Roles.AGENT);

    /**
     * Of these staff members, those a forwarded call can be given to: active, with a mobile, and holding
     * one of {@link #ON_DUTY_ROLES} (a station manager or a mistyped id is not the hotline's on-duty staff).
     */
    public Uni<List<Long>> reachable(List<Long> staffIds) {
        return pool.preparedQuery("SELECT id FROM staff s WHERE id = ANY($1) AND active AND mobile IS NOT NULL"
                        + " AND EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id AND r.role = ANY($2))")
                .execute(Tuple.of(staffIds.toArray(Long[]::new), ON_DUTY_ROLES.toArray(String[]::new)))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return ids;
                });
    }

    public Uni<Rotation> insert(Rotation r, String actor, Instant now) {
        return pool.preparedQuery("INSERT INTO roster_rotation (name, position, handover, period_days, start_date, members,"
                        + " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                        + " RETURNING " + COLUMNS)
                .execute(Tuple.from(List.of(r.name(), r.position(), r.handover(), r.periodDays(), r.startDate(),
                        r.members().toArray(Long[]::new), actor, now.atOffset(ZoneOffset.UTC))))
                .map(rows -> rotation(rows.iterator().next()));
    }

    private static Rotation rotation(Row r) {
        java.time.OffsetDateTime ended = r.getOffsetDateTime("ended_at");
        return new Rotation(r.getLong("id"), r.getString("name"), r.getInteger("position"), r.getLocalTime("handover"),
                r.getInteger("period_days"), r.getLocalDate("start_date"), Arrays.asList(r.getArrayOfLongs("members")),
                ended == null ? null : ended.toInstant());
    }
}
