import type { Actor } from '../platform/audit.ts';
import type { Db } from '../platform/db/database.ts';
import { updatePlanMetadata } from '../plans/plan-review.service.ts';
import { addItem, getItems, getPlan, reviewItem } from '../plans/plan.service.ts';

/**
 * What the office does on the review page before activating an example plan, for the demo: the
 * corrections a careful reader makes to an extracted draft. Each edit is keyed by the item's text
 * as printed in the document (not by position), so a better extractor leaves nothing to correct
 * and a changed one fails loudly in first-run.test.ts instead of editing the wrong item.
 */

/**
 * 海北州's plan gives each unit a paragraph "州发改委：…", so the extracted task is titled by the
 * unit. A tracker lists tasks by what is to be done; the unit stays its lead.
 */
export const HAIBEI_TASK_TITLES: { startsWith: string; title: string }[] = [
  { startsWith: '2014年争取落实投资2亿元，重点包括“通电话', title: '落实投资2亿元，推进“百乡千村万户”农村信息化和智慧海北建设' },
  { startsWith: '2014年争取落实投资2亿元以上', title: '落实投资2亿元以上，建设3G/4G、基础通信和宽带网络' },
  { startsWith: '2014年争取落实投资0.8亿元', title: '落实投资0.8亿元，扩大农牧区3G覆盖、提升宽带速率' },
  { startsWith: '各县政府及相关部门也要成立', title: '各县成立组织机构，将宽带发展纳入规划并制定实施办法' },
  { startsWith: '在海北州加快宽带青海建设', title: '履行领导小组办公室职责，通报进展、督促落实投资计划' },
  { startsWith: '加强与上级主管部门的衔接', title: '制定我州建设宽带青海促进信息消费发展规划' },
  { startsWith: '推动我州传统产业采用信息技术', title: '推进两化融合，建设刚察、门源园区信息化示范工程' },
  { startsWith: '根据上级部门相关工作要求，建设基于云平台', title: '建设教育云平台，推广网络远程教育' },
  { startsWith: '根据上级部门相关工作要求，实施社会保障卡', title: '实施社会保障卡“一卡通”工程，建设公共就业信息服务平台' },
  { startsWith: '推进农牧区科技信息化服务工程', title: '推进农牧区科技信息化服务工程' },
  { startsWith: '落实我州驻地网通信设施建设规范', title: '推动光纤入户和光网城市示范工程' },
  { startsWith: '逐步推进数字交通建设', title: '推进数字交通建设，衔接宽带与交通设施规划' },
  { startsWith: '与上级部门衔接，建立居民电子健康档案', title: '建立居民电子健康档案数据库' },
  { startsWith: '安排专项扶持资金', title: '安排专项资金，支持重大信息化工程' },
  { startsWith: '推动农牧区“户户通”工程', title: '推动“户户通”“村村通”升级和“三网融合”' },
  { startsWith: '根据省上相关要求和标准，开展信息消费', title: '开展信息消费综合统计和监测' },
  { startsWith: '推动我州农牧区建设现代农业示范基地', title: '建设农牧业示范基地，整合涉农信息服务资源' },
  { startsWith: '要高度重视，根据本实施方案', title: '申报并落实通信运营公司投资计划' },
];

interface TargetFix {
  /** the target's text as extracted (its sentence in the document) and the value read from it */
  text: string;
  value: number;
  /** the indicator, value, unit, comparator, deadline and scope as the document states them */
  data: { indicator: string; value: number; unit: string; comparator: '>=' | '='; deadline: string; scope: string | null };
}

/**
 * 国发〔2013〕31号's access-speed sentences name two targets at once ("城市和农村家庭宽带接入能力
 * 基本达到20Mbps和4Mbps"), which the extractor reads as one with no year: the office states each
 * as printed. The 2015 mobile target takes the short name the 2020 one is printed with, so both
 * compare with the provinces' 3G/4G targets.
 */
export const NATIONAL_TARGET_FIXES: TargetFix[] = [
  {
    text: '第三代移动通信及其长期演进技术（3G/LTE）用户普及率达到32.5%',
    value: 32.5,
    data: { indicator: '3G/LTE用户普及率', value: 32.5, unit: '%', comparator: '>=', deadline: '2015', scope: null },
  },
  {
    text: '城市和农村家庭宽带接入能力基本达到20兆比特每秒（Mbps）和4Mbps',
    value: 4,
    data: { indicator: '家庭宽带接入能力', value: 20, unit: 'Mbps', comparator: '>=', deadline: '2015', scope: '城市' },
  },
  { text: '部分发达城市达到100Mbps', value: 100, data: { indicator: '家庭宽带接入能力', value: 100, unit: 'Mbps', comparator: '>=', deadline: '2015', scope: '部分发达城市' } },
  { text: '城市和农村家庭宽带接入能力分别达到50Mbps和12Mbps', value: 50, data: { indicator: '家庭宽带接入能力', value: 50, unit: 'Mbps', comparator: '>=', deadline: '2020', scope: '城市' } },
  { text: '城市和农村家庭宽带接入能力分别达到50Mbps和12Mbps', value: 12, data: { indicator: '家庭宽带接入能力', value: 12, unit: 'Mbps', comparator: '>=', deadline: '2020', scope: '农村' } },
];
/** The target the split leaves out: 农村 4 Mbps by 2015, printed in the same sentence as 城市 20 Mbps. */
export const NATIONAL_ADDED_TARGETS = [
  { indicator: '家庭宽带接入能力', value: 4, unit: 'Mbps', comparator: '>=', deadline: '2015', scope: '农村', baseline: null, text: '农村家庭宽带接入能力基本达到4Mbps' },
];

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Titles 海北's tasks by what they are; returns how many were retitled. */
export async function retitleHaibeiTasks(db: Db, actor: Actor, planId: number): Promise<number> {
  let n = 0;
  for (const item of await getItems(db, planId, 'task')) {
    const text = str(item.data.text);
    const fix = HAIBEI_TASK_TITLES.find((f) => text.startsWith(f.startsWith));
    if (!fix || item.data.title === fix.title) continue;
    await reviewItem(db, actor, planId, item.id, { version: item.version, data: { ...item.data, title: fix.title } });
    n++;
  }
  return n;
}

/**
 * Reviews the national plan: targets as printed, the notice's issuer and date (signed at its
 * foot, which the extractor does not read), and no division — it is the State Council's.
 */
export async function reviewNationalPlan(db: Db, actor: Actor, planId: number): Promise<void> {
  for (const item of await getItems(db, planId, 'target')) {
    const text = str(item.data.text);
    const fix = NATIONAL_TARGET_FIXES.find((f) => text === f.text && item.data.value === f.value);
    if (!fix || (Object.keys(fix.data) as (keyof TargetFix['data'])[]).every((k) => item.data[k] === fix.data[k])) continue;
    await reviewItem(db, actor, planId, item.id, { version: item.version, data: { ...item.data, ...fix.data } });
  }
  for (const t of NATIONAL_ADDED_TARGETS) await addItem(db, actor, planId, 'target', t, null);
  const plan = await getPlan(db, planId);
  await updatePlanMetadata(db, actor, planId, { version: plan.version, issuer: '国务院', issuedOn: '2013-08-01', periodStart: 2013, periodEnd: 2020, divisionCode: null });
}
