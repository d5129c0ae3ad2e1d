package com.evhotline.console;

import com.evhotline.common.WireTime;
import com.evhotline.kpi.KpiCatalog;
import com.evhotline.kpi.KpiQueries;
import java.time.ZoneId;
import java.util.Locale;

/**
 * One item a figure counts, as the drill-down page lists it: what it is (CALL, TICKET, DEADLINE, WITHDRAWAL),
 * its ticket, when it was received (to the minute, in the hotline's zone), how it counts in the figure
 * ({@link KpiCatalog.Definition#counted}) and its days for an average.
 */
public record DashboardItem(String item, long id, Long ticketId, String number, String at, String what,
        String counted, String mark, String detail, String days) {

    static DashboardItem of(KpiCatalog.Definition figure, KpiQueries.Item i, ZoneId zone) {
        return new DashboardItem(i.item(), i.id(), i.ticketId(), i.number(), Shown.at(WireTime.show(i.at(), zone)),
                i.what(), figure.counted(i.mark()), i.mark(), i.detail(),
                figure.kind() == KpiCatalog.Kind.AVERAGE && i.amount() != null
                        ? String.format(Locale.ROOT, "%.2f", i.amount()) : null);
    }
}
