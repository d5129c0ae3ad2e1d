package com.evhotline.kpi;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One figure beside its target. A rate's value is numerator over denominator (null when nothing was decided);
 * an average's numerator is the days summed and its denominator the tickets; a count's value is its numerator
 * and it has no denominator. {@code leftOut} counts what the figure leaves out, by why (PENDING, EXEMPT,
 * WITHDRAWN, IN_PROGRESS, UNRESOLVED, NOT_ACKNOWLEDGED, NO_NUMBER); {@code reasons} groups exemptions and withdrawals.
 */
public record KpiFigure(String key, Double value, Double target, Number numerator, Number denominator, String unit,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> leftOut,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Reason> reasons) {

    /** How many items a reason accounts for. */
    public record Reason(String reason, long count) {
    }
}
