package com.evhotline.kpi;

import com.evhotline.common.WireTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A report as CSV: a header, then one row per figure of the whole period, then one per figure of each bucket;
 * {@code leftOut} reads {@code PENDING=2;EXEMPT=1}, {@code reasons} (of exemptions and withdrawals) reads
 * {@code Only a question=2;Accident beyond first-hand handling=1}, most first, with a {@code \}, {@code ;} or {@code =}
 * inside a reason preceded by {@code \}. Numbers are plain decimals, times ISO-8601 with an offset.
 */
final class KpiCsv {

    /** As in the JSON: seconds always shown. */
    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    static final String HEADER = "from,to,key,value,target,numerator,denominator,unit,leftOut,reasons\r\n";

    private KpiCsv() {
    }

    static String write(KpiService.Report report, ZoneId zone) {
        StringBuilder out = new StringBuilder(HEADER);
        rows(out, report.from(), report.to(), report.figures(), zone);
        for (KpiService.BucketFigures b : report.buckets()) {
            rows(out, b.from(), b.to(), b.figures(), zone);
        }
        return out.toString();
    }

    private static void rows(StringBuilder out, Instant from, Instant to, List<KpiFigure> figures, ZoneId zone) {
        for (KpiFigure f : figures) {
            out.append(TIME.format(WireTime.show(from, zone))).append(',')
                    .append(TIME.format(WireTime.show(to, zone))).append(',')
                    .append(quoted(f.key())).append(',')
                    .append(text(f.value())).append(',')
                    .append(text(f.target())).append(',')
                    .append(text(f.numerator())).append(',')
                    .append(text(f.denominator())).append(',')
                    .append(f.unit()).append(',')
                    .append(quoted(leftOut(f.leftOut()))).append(',')
                    .append(quoted(reasons(f.reasons())))
                    .append("\r\n");
        }
    }

    private static String leftOut(Map<String, Long> leftOut) {
        return leftOut == null ? "" : leftOut.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }

    private static String reasons(List<KpiFigure.Reason> reasons) {
        return reasons == null ? "" : reasons.stream().map(r -> escaped(r.reason()) + "=" + r.count())
                .collect(Collectors.joining(";"));
    }

    /** A reason as one entry of the list: its own separators escaped, so the list splits back as written. */
    private static String escaped(String reason) {
        return reason.replace("\\", "\\\\").replace(";", "\\;").replace("=", "\\=");
    }

    private static String text(Number n) {
        if (n == null) {
            return "";
        }
        if (n instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                    : java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return n.toString();
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    private static String quoted(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
