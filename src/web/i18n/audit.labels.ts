import type { Locale } from './index.tsx';

/**
 * Audit actions and entity kinds as the log page shows them. The server records stable codes
 * (submission.approve, plan_item); people read 审核通过, 方案条目. A code not listed here (a new
 * domain's) is shown as recorded.
 */
const ACTIONS: Record<string, readonly [string, string]> = {
  create: ['新建', 'created'],
  update: ['修改', 'updated'],
  delete: ['删除', 'deleted'],
  accept: ['确认', 'accepted'],
  activate: ['启用', 'activated'],
  import: ['导入', 'imported'],
  generate: ['生成', 'generated'],
  upload: ['上传', 'uploaded'],
  replace: ['替换', 'replaced'],
  link: ['关联', 'linked'],
  unlock: ['解锁', 'unlocked'],
  publish: ['公开', 'published'],
  unpublish: ['取消公开', 'unpublished'],
  'publication.update': ['修改公开设置', 'publication changed'],
  login: ['登录', 'signed in'],
  logout: ['退出登录', 'signed out'],
  login_failed: ['登录失败', 'sign-in failed'],
  login_refused_locked: ['账户锁定，拒绝登录', 'sign-in refused (locked)'],
  lockout: ['账户锁定', 'account locked'],
  password_change: ['修改密码', 'password changed'],
  password_change_failed: ['修改密码失败', 'password change failed'],
  password_reset: ['重置密码', 'password reset'],
  'data_element.create': ['新建数据元', 'data element created'],
  'data_element.update': ['修改数据元', 'data element updated'],
  'data_element.delete': ['删除数据元', 'data element deleted'],
  'form.create': ['新建报表', 'form created'],
  'form.update': ['修改报表', 'form updated'],
  'indicator.create': ['新建指标', 'indicator created'],
  'period.unlock': ['解锁报告期', 'period unlocked'],
  'submission.open': ['开始填报', 'report opened'],
  'submission.save': ['保存草稿', 'draft saved'],
  'submission.submit': ['提交报告', 'report submitted'],
  'submission.upload': ['上传报告数据', 'report uploaded'],
  'submission.return': ['退回报告', 'report returned'],
  'submission.approve': ['审核通过', 'report approved'],
  'evidence.attach': ['上传佐证材料', 'evidence attached'],
  'evidence.delete': ['删除佐证材料', 'evidence deleted'],
  'unit.create': ['新建单位', 'unit created'],
  'unit.update': ['修改单位', 'unit updated'],
  'unit.archive': ['归档单位', 'unit archived'],
  'unit.merge': ['合并单位', 'units merged'],
  'unit.import': ['导入单位', 'units imported'],
  'plan.unit_merge': ['合并方案中的单位', 'plan units merged'],
  'review.accept': ['审阅确认', 'review: accepted'],
  'review.assign_unit': ['审阅：指定单位', 'review: unit assigned'],
  'review.selected': ['审阅：批量处理', 'review: bulk action'],
  'review.approved': ['审阅通过', 'review: approved'],
  'review.returned': ['审阅退回', 'review: returned'],
  'reminder.manual': ['手动催报', 'reminder sent'],
  'reminder.before_due': ['到期前提醒', 'reminder before due'],
  'reminder.overdue': ['逾期催报', 'overdue reminder'],
  'divisions.load.start': ['开始加载区划', 'division load started'],
  'divisions.load.finish': ['区划加载完成', 'division load finished'],
  'divisions.load.fail': ['区划加载失败', 'division load failed'],
};

const ENTITIES: Record<string, readonly [string, string]> = {
  plan: ['方案', 'plan'],
  plan_item: ['方案条目', 'plan item'],
  unit: ['单位', 'unit'],
  user: ['用户', 'user'],
  login: ['登录', 'sign-in'],
  division: ['行政区划', 'division'],
  division_load_job: ['区划加载任务', 'division load'],
  data_element: ['数据元', 'data element'],
  form: ['报表', 'form'],
  submission: ['报告', 'report'],
  indicator: ['指标', 'indicator'],
  target_link: ['目标与指标关联', 'target link'],
  dev_index: ['发展指数', 'development index'],
  publication: ['公开事项', 'publication'],
  briefing: ['通报', 'briefing'],
  briefing_draft: ['通报草稿', 'briefing draft'],
  reminder: ['催报', 'reminder'],
  map: ['地图边界', 'map boundaries'],
};

export function auditActionLabel(locale: Locale, action: string): string {
  const l = ACTIONS[action];
  return l ? l[locale === 'zh-CN' ? 0 : 1] : action;
}

export function auditEntityLabel(locale: Locale, entity: string): string {
  const l = ENTITIES[entity];
  return l ? l[locale === 'zh-CN' ? 0 : 1] : entity;
}
