package com.evhotline.console;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The words of the web pages, in Simplified Chinese; {@code messages/msg_en.properties} has them in English.
 * A page is in the language the browser asks for, or the one the user picked ({@link PageLocale}).
 */
@MessageBundle(value = "msg", locale = "zh")
public interface ConsoleMessages {

    @Message("售后服务热线")
    String app_title();

    @Message("登录")
    String login_title();

    @Message("用户名")
    String login_username();

    @Message("密码")
    String login_password();

    @Message("登录")
    String login_submit();

    @Message("用户名或密码错误，或该账号暂时锁定。请稍后再试。")
    String login_failed();

    @Message("退出")
    String logout();

    @Message("English")
    String other_language();

    @Message("en")
    String other_language_code();

    @Message("待回复与待回访")
    String queue_title();

    @Message("我的工单")
    String mine_title();

    @Message("工单号")
    String ticket_number();

    @Message("来电号码")
    String caller();

    @Message("类别")
    String category();

    @Message("状态")
    String status();

    @Message("时限")
    String due();

    @Message("剩余时间")
    String remaining();

    @Message("负责人")
    String assignee();

    @Message("暂无")
    String none();

    @Message("时限")
    String deadlines();

    @Message("处理记录")
    String timeline();

    @Message("答复客户")
    String reply_title();

    @Message("方式")
    String reply_channel();

    @Message("答复内容")
    String reply_text();

    @Message("记录答复")
    String reply_submit();

    @Message("派工通知")
    String notices_title();

    @Message("确认收到")
    String acknowledge();

    @Message("收到时间")
    String issued_at();

    @Message("工作指令")
    String instruction();

    @Message("{#when kind}{#is 'REPLY'}答复客户{#is 'DISPATCH'}派工通知{#is 'ARRIVAL'}救援到达{#is 'ACKNOWLEDGE'}确认派工{#is 'FOLLOW_UP'}回访{#else}{kind}{/when}")
    String kind(String kind);

    @Message("{#when state}{#is 'PENDING'}进行中{#is 'MET'}已按时完成{#is 'BREACHED'}已超时{#is 'EXEMPT'}已豁免{#else}{state}{/when}")
    String state(String state);

    @Message("{#when status}{#is 'OPEN'}待处理{#is 'CALLBACK'}待回拨{#is 'REPLIED'}已回复{#is 'DISPATCHED'}已派工{#is 'RESOLVED'}已解决{#is 'CLOSED'}已关闭{#is 'ISSUED'}待确认{#is 'ACKNOWLEDGED'}已确认{#else}{status}{/when}")
    String status_of(String status);

    @Message("{#when category}{#is 'GENERAL_QUALITY'}一般质量问题{#is 'COMPLAINT'}投诉{#is 'MAJOR_INCIDENT'}重大事件{#is 'RESCUE'}救援{#is 'INQUIRY'}咨询{#else}{category}{/when}")
    String category_of(String category);

    @Message("{#when channel}{#is 'PHONE'}电话{#is 'SMS'}短信{#is 'EMAIL'}邮件{#is 'VISIT'}上门{#else}{channel}{/when}")
    String channel_of(String channel);

    @Message("{#when type}{#is 'OPENED'}建单{#is 'CHANGED'}修改{#is 'CATEGORY_CHANGED'}改类别{#is 'ASSIGNED'}分配{#is 'REASSIGNED'}改派{#is 'REPLY_RECORDED'}答复客户{#is 'NOTICE_ISSUED'}发出派工通知{#is 'NOTICE_ACKNOWLEDGED'}通知已确认{#is 'NOTICE_PROGRESS'}服务站上报进展{#is 'DEADLINE_ADDED'}新时限{#is 'DEADLINE_MET'}时限内完成{#is 'DEADLINE_MET_LATE'}超时后完成{#is 'DEADLINE_WARNING'}时限预警{#is 'DEADLINE_BREACHED'}超时{#is 'DEADLINE_ESCALATED'}逐级上报{#is 'DEADLINE_EXEMPTED'}豁免时限{#is 'DEADLINE_WITHDRAWN'}撤销时限{#is 'EXEMPTION_REVOKED'}取消豁免{#is 'LEADERS_NOTIFIED'}已通知领导{#is 'NO_LEADER_ON_RECORD'}无领导可通知{#is 'DISTANCE_BAND_SET'}救援距离{#is 'VEHICLE_DEPARTED'}车辆出发{#is 'VEHICLE_ARRIVED'}车辆到达{#is 'VEHICLE_RETURNED'}车辆返回{#is 'RESOLVED'}已解决{#is 'FOLLOW_UP_RECORDED'}记录回访{#is 'CLOSED'}已关闭{#is 'REOPENED'}重新打开{#is 'CALL_ANSWERED'}来电已接{#is 'CALL_FORWARDED'}来电转手机{#is 'CALL_MISSED'}未接来电{#is 'CALL_ABANDONED'}来电放弃{#is 'ESCALATION'}逐级上报{#is 'NOTICE_UNACKNOWLEDGED'}通知未确认{#is 'MAJOR_INCIDENT'}重大事件{#is 'DELIVERY_FAILED'}消息未送达{#is 'DISPATCH_NOTICE'}派工通知{#is 'CALL_FORWARDED'}来电已转接{#is 'ROSTER_EMPTY'}值班表为空{#is 'QUALITY_BATCH'}批量质量问题{#else}{type}{/when}")
    String event(String type);

    @Message("来电")
    String incoming_call();

    @Message("关闭")
    String close();

    @Message("号码隐藏")
    String withheld();

    @Message("号码未知")
    String unknown();

    @Message("客户")
    String customer();

    @Message("新客户（无记录）")
    String customer_unknown();

    @Message("车辆")
    String vehicles();

    @Message("打开工单 {number}")
    String open_ticket(String number);

    @Message("实时连接已断开，正在重连…")
    String offline();

    @Message("我的话机")
    String my_phone();

    @Message("未登入队列")
    String queue_out();

    @Message("空闲，接听中")
    String queue_ready();

    @Message("暂停")
    String queue_paused();

    @Message("登入队列")
    String queue_login();

    @Message("暂停接听")
    String queue_pause();

    @Message("恢复接听")
    String queue_unpause();

    @Message("退出队列")
    String queue_logout();

    @Message("自")
    String since();

    @Message("{#when reason}{#is 'BREAK'}小休{#is 'MEAL'}用餐{#is 'TRAINING'}培训{#is 'MEETING'}会议{#is 'AFTER_CALL_WORK'}话后处理{#else}{reason}{/when}")
    String pause_reason_of(String reason);

    @Message("{#when state}{#is 'NOT_INUSE'}空闲{#is 'INUSE'}通话中{#is 'BUSY'}忙{#is 'RINGING'}振铃{#is 'RINGINUSE'}通话中振铃{#is 'ONHOLD'}保持{#is 'UNAVAILABLE'}不可用{#is 'INVALID'}无效{#else}未知{/when}")
    String device_state_of(String state);

    @Message("{#when kind}{#is 'ON_THE_WAY'}已出发{#is 'ARRIVED'}已到达{#is 'FIXED'}已修复{#is 'NEEDS_PARTS'}需配件{#else}{kind}{/when}")
    String progress_of(String kind);

    @Message("进展说明（可选）")
    String progress_note();

    @Message("派出车辆")
    String vehicles_sent();

    @Message("车牌")
    String plate();

    @Message("人员")
    String crew();

    @Message("出发")
    String departed();

    @Message("到达")
    String arrived();

    @Message("返回")
    String returned();

    @Message("登记到达")
    String mark_arrived();

    @Message("登记返回")
    String mark_returned();

    @Message("登记出车")
    String vehicle_out();

    @Message("派工通知")
    String dispatch_title();

    @Message("服务站")
    String station();

    @Message("救援距离")
    String distance_band();

    @Message("{#when band}{#is 'URBAN'}市区{#is 'COUNTY'}县域{#is 'REGION'}地区{#is 'PROVINCE'}省内{#is 'OUT_OF_PROVINCE'}省外{#else}{band}{/when}")
    String band_of(String band);

    @Message("发出通知")
    String dispatch_submit();

    @Message("类别与故障")
    String classify_title();

    @Message("原因")
    String reason();

    @Message("保存")
    String classify_submit();

    @Message("故障")
    String fault();

    @Message("如：电池无法充电")
    String fault_hint();

    @Message("办结")
    String resolve_title();

    @Message("处理结果")
    String resolution();

    @Message("办结工单")
    String resolve_submit();

    @Message("豁免时限")
    String exempt_title();

    @Message("豁免")
    String exempt_submit();

    @Message("来电记录")
    String calls_title();

    @Message("{#when outcome}{#is 'ANSWERED'}已接{#is 'FORWARDED'}转手机已接{#is 'MISSED'}未接{#is 'ABANDONED'}放弃{#is 'IN_PROGRESS'}进行中{#else}{outcome}{/when}")
    String outcome_of(String outcome);

    @Message("预警与上报")
    String alerts_title();

    @Message("消息发送")
    String deliveries_title();

    @Message("留空即为现在")
    String departed_hint();

    @Message("值班")
    String duty_title();

    @Message("发给我的提醒")
    String my_alerts();

    @Message("转到我手机的来电与我的工单")
    String my_duty_tickets();

    @Message("转接于")
    String forwarded_at();

    @Message("已电话联系客户，说明了处理安排。")
    String reply_default();

    @Message("请尽快联系客户并到场处理。")
    String dispatch_default();

    @Message("工作台")
    String nav_console();

    @Message("监控大屏")
    String nav_board();

    @Message("系统管理")
    String nav_admin();

    @Message("{#when status}{#is 403}无权查看或操作{#is 404}未找到{#is 401}请先登录{#is 409}当前状态下不能这样做{#is 400}请求无法处理{#else}出错了（{status}）{/when}")
    String error_title(int status);

    @Message("返回我的页面")
    String error_home();

    @Message("请选择")
    String choose();

    @Message("{#when channel}{#is 'WEB'}站内{#is 'SMS'}短信{#is 'EMAIL'}邮件{#is 'VOICE'}语音电话{#else}{channel}{/when}")
    String delivery_channel(String channel);

    @Message("{#when state}{#is 'QUEUED'}排队中{#is 'SENT'}已发出{#is 'DELIVERED'}已送达{#is 'ACCEPTED'}已接收{#is 'FAILED'}失败{#is 'ACKNOWLEDGED'}已确认{#is 'READ'}已读{#else}{state}{/when}")
    String delivery_state(String state);

    @Message("{#when problem}{#is 'NO_PBX'}暂时连不上电话交换机，请稍后再试或联系值班主管{#is 'NO_DEVICE'}您的话机尚未登记，请管理员在人员资料中填写{#is 'NOT_IN_QUEUE'}请先登入队列{#else}{problem}{/when}")
    String queue_problem(String problem);

    @Message("未能完成，原因：")
    String refused();

    @Message("指标")
    String nav_dashboard();

    @Message("回访")
    String followup_title();

    @Message("{#when state}{#is 'DUE'}待回访{#is 'REACHED'}已回访{#is 'UNREACHABLE'}多次未联系上{#is 'NOT_POSSIBLE'}无法回访{#is 'CANCELLED'}已取消{#else}{state}{/when}")
    String followup_state(String state);

    @Message("已拨打 {made}/{allowed} 次")
    String followup_attempts(int made, int allowed);

    @Message("联系上客户了吗")
    String followup_reached();

    @Message("联系上了")
    String yes_reached();

    @Message("未接通")
    String not_reached();

    @Message("满意度")
    String satisfaction();

    @Message("{#when score}{#is 1}1 非常不满意{#is 2}2 不满意{#is 3}3 一般{#is 4}4 满意{#is 5}5 非常满意{#else}{score}{/when}")
    String score_of(int score);

    @Message("备注")
    String note();

    @Message("记录回访")
    String followup_submit();

    @Message("关闭工单")
    String close_submit();

    @Message("质量日报")
    String nav_reports();

    @Message("质量日报")
    String reports_title();

    @Message("每天 15:30 前生成前一天的质量问题日报（PDF 与 CSV），并发送给质量部。")
    String reports_hint();

    @Message("还没有质量日报。")
    String reports_none();

    @Message("日期")
    String reports_date();

    @Message("生成")
    String reports_generated();

    @Message("条数")
    String reports_rows();

    @Message("邮件")
    String reports_mail();

    @Message("{#when state}{#is 'SENT'}已发送{#is 'QUEUED'}发送中{#is 'FAILED'}发送失败（已告知主管）{#is 'NONE'}未配置收件人{#else}{state}{/when}")
    String mail_state_of(String state);

    @Message("批量质量问题")
    String batches_title();

    @Message("暂无批量质量问题。")
    String batches_none();

    @Message("车辆数")
    String batch_vehicles();

    @Message("受理时间范围")
    String batch_span();

    @Message("工单")
    String batch_tickets();
}
