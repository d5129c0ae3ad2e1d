package com.evhotline.console.admin;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The words of the administration pages ({@code adm:}), in Simplified Chinese; {@code messages/adm_en.properties}
 * has them in English. A page is in the language the browser asks for, or the one the user picked.
 */
@MessageBundle(value = "adm", locale = "zh")
public interface AdminMessages {

    @Message("日历与上班时间")
    String nav_calendar();

    @Message("来电去向预览")
    String nav_routing();

    @Message("值班表")
    String nav_roster();

    @Message("人员与角色")
    String nav_staff();

    @Message("服务站")
    String nav_stations();

    @Message("返回工作台")
    String nav_console();

    @Message("日历与上班时间")
    String calendar_title();

    @Message("上班时间")
    String office_hours();

    @Message("不上班")
    String closed();

    @Message("调休上班日的上班时间")
    String makeup_hours();

    @Message("白天时段（时限）")
    String day_window();

    @Message("与上班时间相同")
    String day_window_is_office_hours();

    @Message("标记日期")
    String mark_title();

    @Message("日期")
    String date();

    @Message("类型")
    String day_type();

    @Message("备注")
    String note();

    @Message("标记")
    String mark_submit();

    @Message("60 天日历")
    String days_title();

    @Message("起始日期")
    String from();

    @Message("显示")
    String show();

    @Message("星期")
    String weekday_title();

    @Message("已标记的日期")
    String marked_title();

    @Message("取消标记")
    String unmark();

    @Message("来电去向预览")
    String routing_title();

    @Message("日期和时间（热线时区）")
    String routing_at();

    @Message("这时会打给谁？")
    String routing_ask();

    @Message("去向")
    String route();

    @Message("队列")
    String queue_name();

    @Message("班次（时限）")
    String shift();

    @Message("原因")
    String reason();

    @Message("是")
    String yes();

    @Message("否")
    String no();

    @Message("依次呼叫的值班手机")
    String rung_title();

    @Message("队列无人接听时转接的值班手机")
    String overflow_title();

    @Message("无人值班：来电只会转到应急手机。")
    String nobody_on_duty();

    @Message("顺位")
    String position();

    @Message("临时替班")
    String override();

    @Message("值班表")
    String roster_title();

    @Message("添加值班")
    String shift_add_title();

    @Message("人员")
    String person();

    @Message("开始")
    String start();

    @Message("结束")
    String end();

    @Message("添加")
    String shift_add();

    @Message("时间为热线时区；顺位 1 最先呼叫。只列出在职、有手机号、可接转接来电的人员。")
    String shift_hint();

    @Message("两周值班")
    String shifts_title();

    @Message("已离职，不会呼叫")
    String leaver();

    @Message("取消值班")
    String cancel_shift();

    @Message("轮班")
    String rotations_title();

    @Message("名称")
    String name();

    @Message("交班时间")
    String handover();

    @Message("每轮天数")
    String period_days();

    @Message("开始日期")
    String start_date();

    @Message("成员（轮流顺序）")
    String members();

    @Message("成员编号（按轮流顺序，逗号分隔）")
    String members_ids();

    @Message("已结束")
    String ended();

    @Message("结束轮班")
    String end_rotation();

    @Message("添加轮班")
    String rotation_add_title();

    @Message("添加")
    String rotation_add();

    @Message("人员与角色")
    String staff_title();

    @Message("添加人员")
    String person_add_title();

    @Message("添加")
    String person_add();

    @Message("值班（duty）和领导必须有手机号；站长须选服务站，区域经理须填区域。填写用户名和密码即可登录。")
    String person_hint();

    @Message("人员")
    String people_title();

    @Message("角色")
    String roles();

    @Message("手机")
    String mobile();

    @Message("邮箱")
    String email();

    @Message("服务站")
    String station();

    @Message("区域")
    String region();

    @Message("话机")
    String device();

    @Message("在职")
    String active();

    @Message("已停用")
    String inactive();

    @Message("登录")
    String login();

    @Message("用户名")
    String username();

    @Message("密码")
    String password();

    @Message("修改")
    String person_change_title();

    @Message("清空某项即删除该项（姓名除外）。")
    String person_change_hint();

    @Message("保存")
    String save();

    @Message("停用（离职）")
    String deactivate();

    @Message("重新启用")
    String reactivate();

    @Message("解除锁定并启用登录")
    String unlock();

    @Message("返回人员列表")
    String back_to_staff();

    @Message("服务站")
    String stations_title();

    @Message("添加服务站")
    String station_add_title();

    @Message("添加")
    String station_add();

    @Message("编号")
    String code();

    @Message("电话")
    String phone();

    @Message("站长")
    String manager();

    @Message("派工通知方式")
    String channels();

    @Message("按配置")
    String channels_plan();

    @Message("派工通知总会出现在网页收件箱；不勾选任何方式即按配置发送。")
    String channels_hint();

    @Message("未选择站长时保持原站长。")
    String manager_hint();

    @Message("地址")
    String address();

    @Message("返回服务站列表")
    String back_to_stations();

    @Message("{#when day}{#is 'MONDAY'}星期一{#is 'TUESDAY'}星期二{#is 'WEDNESDAY'}星期三{#is 'THURSDAY'}星期四{#is 'FRIDAY'}星期五{#is 'SATURDAY'}星期六{#is 'SUNDAY'}星期日{#else}{day}{/when}")
    String weekday(String day);

    @Message("{#when mark}{#is 'HOLIDAY'}法定节假日{#is 'WORKDAY'}调休上班日{#else}{mark}{/when}")
    String mark_of(String mark);

    @Message("{#when route}{#is 'QUEUE'}坐席队列{#is 'FORWARD'}转值班手机{#else}{route}{/when}")
    String route_of(String route);

    @Message("{#when shift}{#is 'DAY'}白天{#is 'NIGHT'}夜间{#else}{shift}{/when}")
    String shift_of(String shift);

    @Message("{#when role}{#is 'agent'}坐席{#is 'duty'}值班{#is 'supervisor'}班长{#is 'leader'}领导{#is 'regional'}区域经理{#is 'station'}站长{#is 'admin'}管理员{#else}{role}{/when}")
    String role_of(String role);

    @Message("{#when state}{#is 'NONE'}无登录{#is 'OK'}正常{#is 'LOCKED'}已锁定至{#is 'DISABLED'}已停用{#else}{state}{/when}")
    String login_of(String state);

    @Message("{#when channel}{#is 'SMS'}短信{#is 'EMAIL'}邮件{#is 'VOICE'}语音电话{#else}{channel}{/when}")
    String channel_of(String channel);
}
