package com.evhotline.console;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The words of the dashboard ({@code dash:} in its templates), in Simplified Chinese;
 * {@code messages/dash_en.properties} has them in English.
 */
@MessageBundle(value = "dash", locale = "zh")
public interface DashboardMessages {

    @Message("指标看板")
    String title();

    @Message("起")
    String from();

    @Message("止")
    String to();

    @Message("查看")
    String show();

    @Message("{from} 至 {to}")
    String period(String from, String to);

    @Message("指标")
    String figure_col();

    @Message("数值")
    String value();

    @Message("目标")
    String target();

    @Message("分子 / 分母")
    String fraction();

    @Message("未计入")
    String left_out_col();

    @Message("明细")
    String items();

    @Message("未达标")
    String below();

    @Message("暂无已定结果")
    String undecided();

    @Message("""
            {#when key}{#is 'calls'}来电总数{#is 'tickets'}新建工单{#is 'officeHoursAnswerRate'}上班时间接通率\
            {#is 'missedCallsOfficeHours'}上班时间未接来电{#is 'missedCallsAfterHours'}下班时间未接来电\
            {#is 'abandonedCalls'}放弃来电{#is 'abandonedCallsOfficeHours'}上班时间放弃来电\
            {#is 'abandonedCallsAfterHours'}下班时间放弃来电{#is 'replyOnTimeRate'}按时答复率\
            {#is 'replyOnTimeRateDay'}白班按时答复率{#is 'replyOnTimeRateNight'}夜班按时答复率\
            {#is 'dispatchOnTimeRate'}按时派工率{#is 'dispatchOnTimeRateDay'}白班按时派工率\
            {#is 'dispatchOnTimeRateNight'}夜班按时派工率{#is 'noticeAckOnTimeRate'}工作通知按时确认率\
            {#is 'arrivalOnTimeRate'}救援按时到达率{#is 'majorIncidents'}重大事件\
            {#is 'majorIncidentLeadersReachedRate'}重大事件领导知悉率{#is 'avgHandlingDaysGeneral'}一般投诉平均处理天数\
            {#is 'avgHandlingDaysMajor'}重大投诉平均处理天数{#is 'vehicleRegisterCompleteness'}车辆档案完整率\
            {#is 'exemptions'}豁免{#is 'withdrawals'}撤销{#is 'followUpRate'}回访率{#is 'satisfactionRate'}满意率\
            {#is 'customerRecordRate'}客户建档率{#is 'firstTimeFixRate'}一次修复率\
            {#is 'answerRateByHour'}分时段接通率\
            {#else}{key}{/when}""")
    String figure(String key);

    @Message("{#when band}{#is 'URBAN'}市区{#is 'COUNTY'}县域{#is 'REGION'}地市{#is 'PROVINCE'}省内{#is 'OUT_OF_PROVINCE'}省外{#is 'UNKNOWN'}距离未记录{#else}{band}{/when}")
    String band(String band);

    @Message("""
            {#when why}{#is 'PENDING'}待定{#is 'EXEMPT'}已豁免{#is 'WITHDRAWN'}已撤销{#is 'IN_PROGRESS'}进行中\
            {#is 'UNRESOLVED'}未解决{#is 'NOT_ACKNOWLEDGED'}未确认{#is 'NOT_POSSIBLE'}无号码可回访\
            {#is 'CANCELLED'}已取消（重新打开）{#is 'NO_NUMBER'}无号码可建档{#else}{why}{/when}""")
    String why(String why);

    @Message("{#when counted}{#is 'NUMERATOR'}计入分子{#is 'DENOMINATOR'}仅计入分母{#is 'LEFT_OUT'}未计入{#is 'COUNTED'}计数{#else}{counted}{/when}")
    String counted(String counted);

    @Message("上班时间接通率（按日）")
    String chart_answer_rate();

    @Message("接通率")
    String answer_rate();

    @Message("各时段接通率（全部来电，转接计为接通）")
    String chart_by_hour();

    @Message("来电")
    String calls();

    @Message("接通")
    String answered();

    @Message("按班次的期限：按时与超时")
    String chart_shifts();

    @Message("按时")
    String met();

    @Message("超时")
    String breached();

    @Message("答复")
    String reply();

    @Message("派工")
    String dispatch();

    @Message("白班")
    String day_shift();

    @Message("夜班")
    String night_shift();

    @Message("平均处理天数与目标线")
    String chart_handling();

    @Message("一般投诉")
    String general();

    @Message("重大投诉")
    String major();

    @Message("目标")
    String target_line();

    @Message("近 12 个月趋势")
    String chart_trend();

    @Message("返回看板")
    String back();

    @Message("类型")
    String item_col();

    @Message("工单")
    String ticket_col();

    @Message("时间")
    String at_col();

    @Message("内容")
    String what_col();

    @Message("计入")
    String counted_col();

    @Message("说明")
    String detail_col();

    @Message("天数")
    String days_col();

    @Message("第 {first}–{last} 项，共 {total} 项")
    String showing(long first, long last, long total);

    @Message("没有明细")
    String no_items();

    @Message("上一页")
    String previous();

    @Message("下一页")
    String next();
}
