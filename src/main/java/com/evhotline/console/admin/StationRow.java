package com.evhotline.console.admin;

import com.evhotline.station.Station;
import java.util.List;
import java.util.Map;

/** A station as the administration pages show it: its manager by name, its channels (empty: the configured plan). */
public record StationRow(long id, String code, String name, String region, String phone, String address,
        Long managerStaffId, String manager, boolean active, List<String> channels) {

    static StationRow of(Station s, Map<Long, String> names) {
        return new StationRow(s.id, s.code, s.name, s.region, s.phone, s.address, s.managerStaffId,
                s.managerStaffId == null ? null : names.getOrDefault(s.managerStaffId, "#" + s.managerStaffId), s.active,
                s.preferredChannels == null ? List.of() : List.of(s.preferredChannels));
    }
}
