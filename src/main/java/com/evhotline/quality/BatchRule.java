package com.evhotline.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * When the same fault makes a batch quality problem: at least {@code vehicles} distinct vehicles (VINs; one
 * vehicle reported twice counts once) among tickets received within one window of time that holds the new
 * ticket. Tickets without a VIN cannot be told apart and do not count.
 */
public final class BatchRule {

    /** A ticket with the fault: which vehicle, when received. */
    public record Sighting(long ticketId, String vin, Instant receivedAt) {
    }

    private BatchRule() {
    }

    /**
     * The tickets of the batch the new sighting completes (those in the window with the most vehicles, the
     * earliest of equals), or an empty list when no window holding it reaches {@code vehicles}.
     */
    public static List<Sighting> batch(List<Sighting> known, Sighting added, Duration window, int vehicles) {
        List<Sighting> all = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (Sighting s : known) {
            if (s.vin() != null && seen.add(s.ticketId())) {
                all.add(s);
            }
        }
        if (added.vin() == null) {
            return List.of();
        }
        if (seen.add(added.ticketId())) {
            all.add(added);
        }
        all.sort(Comparator.comparing(Sighting::receivedAt).thenComparing(Sighting::ticketId));
        List<Sighting> best = List.of();
        int bestVehicles = 0;
        for (Sighting start : all) {
            Instant from = start.receivedAt();
            Instant to = from.plus(window);
            if (added.receivedAt().isBefore(from) || added.receivedAt().isAfter(to)) {
                continue; // windows that hold the new ticket only
            }
            List<Sighting> in = all.stream()
                    .filter(s -> !s.receivedAt().isBefore(from) && !s.receivedAt().isAfter(to)).toList();
            int distinct = (int) in.stream().map(Sighting::vin).distinct().count();
            if (distinct > bestVehicles) {
                best = in;
                bestVehicles = distinct;
            }
        }
        return bestVehicles >= vehicles ? best : List.of();
    }

    /** The distinct vehicles among sightings. */
    public static int vehicles(List<Sighting> sightings) {
        return (int) sightings.stream().map(Sighting::vin).distinct().count();
    }
}
