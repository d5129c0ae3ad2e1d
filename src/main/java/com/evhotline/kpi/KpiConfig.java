package com.evhotline.kpi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the figures under {@code hotline.kpi.*} (environment: {@code HOTLINE_KPI_*}). */
@ConfigMapping(prefix = "hotline.kpi")
public interface KpiConfig {

    /**
     * How often the summary of past days is brought up to date in the background ({@link KpiSummaryJob}); {@code off}
     * leaves it to the requests that find it outdated.
     */
    @WithDefault("60s")
    String refreshEvery();
}
