package com.evhotline.quality;

import java.util.List;
import java.util.Map;

/**
 * The report's words: the quality department reads Chinese. Category and status names are the ones the
 * web pages show.
 */
final class ReportWords {

    static final String TITLE = "售后服务质量日报";
    static final String SUMMARY = "分类汇总";
    static final String DETAILS = "问题明细";
    static final String TOTAL = "合计";
    static final String NONE = "当日无质量问题记录。";
    static final String BATCH = "批量质量问题";

    /** The detail columns, as the PDF and the CSV head them. */
    static final List<String> COLUMNS = List.of("序号", "工单号", "受理时间", "类别", "车架号(VIN)", "故障", "问题描述",
            "服务站", "状态");

    private static final Map<String, String> CATEGORIES = Map.of("GENERAL_QUALITY", "一般质量问题", "COMPLAINT", "投诉",
            "MAJOR_INCIDENT", "重大事件", "RESCUE", "救援", "INQUIRY", "咨询");

    private static final Map<String, String> STATUSES = Map.of("OPEN", "待处理", "CALLBACK", "待回拨", "REPLIED", "已回复",
            "DISPATCHED", "已派工", "RESOLVED", "已解决", "CLOSED", "已关闭");

    private ReportWords() {
    }

    static String category(String code) {
        return CATEGORIES.getOrDefault(code, code);
    }

    static String status(String code) {
        return STATUSES.getOrDefault(code, code);
    }
}
