/**
 * Strings of the form builder, the target ↔ indicator linking and the notices (zh-CN reference,
 * en-US), spread into the reporting dictionaries.
 */
export const formsZhCN = {
  'rep.sub.confirmTitle': '确认提交 {form}（{period}）？',
  'rep.sub.confirmBody': '提交后报表交由管理员审核，审核完成前不能再修改。',
  'rep.sub.confirmEmpty': '还有 {n} 个数据项未填写。',
  'rep.sub.confirmOk': '确认提交',
  'notice.channel.inbox': '站内消息',
  'notice.channel.email': '电子邮件',
  'notice.channel.webhook': '钉钉/企业微信机器人',
  'notice.outcome.sent': '已发送',
  'notice.outcome.skipped': '未发送',
  'notice.outcome.failed': '发送失败',
  'notice.notConfigured': '未配置',
  'notice.noExternal': '未配置电子邮件或机器人推送（SMTP_URL、LUOSHI_WEBHOOK_URL），通知只进入站内消息。',
  'notice.remindedTitle': '已向 {unit} 发送催报',
  'notice.returnedTitle': '已退回，已通知 {unit}',
  'notice.approvedTitle': '已审核通过，已通知 {unit}',
  'notice.inboxNone': '该单位没有启用的填报账号，站内消息无人接收',
} as const;

export const formsEnUS: Record<keyof typeof formsZhCN, string> = {
  'rep.sub.confirmTitle': 'Submit {form} ({period})?',
  'rep.sub.confirmBody': 'The office reviews the report once it is submitted; it cannot be changed until then.',
  'rep.sub.confirmEmpty': '{n} fields are still empty.',
  'rep.sub.confirmOk': 'Submit',
  'notice.channel.inbox': 'Inbox',
  'notice.channel.email': 'E-mail',
  'notice.channel.webhook': 'DingTalk/WeCom robot',
  'notice.outcome.sent': 'sent',
  'notice.outcome.skipped': 'not sent',
  'notice.outcome.failed': 'failed',
  'notice.notConfigured': 'not configured',
  'notice.noExternal': 'Neither e-mail nor a robot webhook is configured (SMTP_URL, LUOSHI_WEBHOOK_URL): notices reach the in-app inbox only.',
  'notice.remindedTitle': 'Reminder sent to {unit}',
  'notice.returnedTitle': 'Returned; {unit} notified',
  'notice.approvedTitle': 'Approved; {unit} notified',
  'notice.inboxNone': 'The unit has no active reporter account: no inbox received it',
};
