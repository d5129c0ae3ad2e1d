package com.evhotline.console;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The words of the wall board ({@code board:} in its templates), in Simplified Chinese;
 * {@code messages/board_en.properties} has them in English. The board uses {@code msg:} words as well.
 */
@MessageBundle(value = "board", locale = "zh")
public interface BoardMessages {

    @Message("监控大屏")
    String title();

    @Message("坐席工作台")
    String console();

    @Message("更新于 {at}")
    String updated(String at);

    @Message("当前来电")
    String calls();

    @Message("排队 {n}")
    String waiting_count(long n);

    @Message("通话 {n}")
    String talking_count(long n);

    @Message("排队中")
    String waiting();

    @Message("通话中")
    String talking();

    @Message("{#when route}{#is 'QUEUE'}坐席队列{#is 'FORWARD'}转值班手机{#else}—{/when}")
    String route_of(String route);

    @Message("无人排队，无人通话")
    String no_calls();

    @Message("坐席")
    String agents();

    @Message("未连接交换机（PBX），坐席状态暂不可见")
    String no_pbx();

    @Message("队列中没有坐席")
    String no_agents();

    @Message("值班")
    String duty();

    @Message("当前")
    String duty_now();

    @Message("{at} 起")
    String duty_from(String at);

    @Message("一周内值班不变")
    String duty_unchanged();

    @Message("无人值班")
    String duty_nobody();

    @Message("临时替班")
    String stand_in();

    @Message("即将超时")
    String soon();

    @Message("已超时未完成")
    String breached();

    @Message("另有 {n} 项")
    String more(long n);

    @Message("今日指标")
    String today();

    @Message("{#when key}{#is 'answerRate'}上班时间接通率{#is 'replyOnTime'}按时答复率{#is 'dispatchOnTime'}按时派工率{#else}{key}{/when}")
    String figure(String key);

    @Message("目标 {target}")
    String target(String target);

    @Message("暂无已定结果")
    String undecided();

    @Message("进行中 {n}")
    String running(long n);

    @Message("已豁免 {n}")
    String exempt(long n);

    @Message("今日来电")
    String calls_today();

    @Message("今日新建工单")
    String tickets_today();
}
