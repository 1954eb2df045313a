import type { Locale } from './index.tsx';

/**
 * The one mapper from a server error ({ code, message, fields: [{ field, reason }] }) to a sentence
 * in the reader's language. The server speaks in stable codes, dotted field paths and short
 * reasons (often zod's English); people read "新密码：至少 8 个字符", not "body.newPassword: Too
 * small: expected string to have >=8 characters".
 */
export interface ServerProblem {
  field: string;
  reason: string;
}

type Pair = readonly [zh: string, en: string];
const pick = (locale: Locale, p: Pair) => (locale === 'zh-CN' ? p[0] : p[1]);

/** Field names as the forms label them (the last meaningful segment of a field path). */
const FIELD_LABELS: Record<string, Pair> = {
  username: ['用户名', 'user name'],
  password: ['密码', 'password'],
  oldPassword: ['原密码', 'current password'],
  newPassword: ['新密码', 'new password'],
  displayName: ['显示名称', 'display name'],
  role: ['角色', 'role'],
  name: ['名称', 'name'],
  code: ['代码', 'code'],
  divisionCode: ['行政区划', 'division'],
  division: ['行政区划', 'division'],
  parent: ['上级区划', 'parent division'],
  level: ['级别', 'level'],
  scope: ['范围', 'scope'],
  provinces: ['省份', 'provinces'],
  unitId: ['单位', 'unit'],
  unitIds: ['单位', 'units'],
  period: ['报告期', 'period'],
  periods: ['报告期', 'periods'],
  periodType: ['报送周期', 'reporting cycle'],
  dueRule: ['报送期限', 'due rule'],
  due: ['截止日期', 'due date'],
  dueDate: ['截止日期', 'due date'],
  dueOn: ['截止日期', 'due date'],
  value: ['数值', 'value'],
  values: ['数值', 'values'],
  comment: ['说明', 'comment'],
  title: ['标题', 'title'],
  docNumber: ['文号', 'document number'],
  issuer: ['发文机关', 'issuer'],
  issuedOn: ['发文日期', 'date issued'],
  periodStart: ['起始年份', 'first year'],
  periodEnd: ['结束年份', 'last year'],
  indicator: ['指标', 'indicator'],
  indicatorId: ['指标', 'indicator'],
  deadline: ['期限', 'deadline'],
  baseline: ['基期值', 'baseline'],
  comparator: ['比较方式', 'comparison'],
  text: ['原文', 'text'],
  version: ['版本', 'version'],
  reason: ['理由', 'reason'],
  email: ['邮箱', 'e-mail'],
  contactName: ['联系人', 'contact'],
  contactPhone: ['联系电话', 'phone'],
  contactEmail: ['联系邮箱', 'e-mail'],
  note: ['备注', 'note'],
  aliases: ['别名', 'aliases'],
  kind: ['类型', 'kind'],
  status: ['状态', 'status'],
  file: ['文件', 'file'],
  q: ['搜索词', 'search'],
  page: ['页码', 'page'],
  pageSize: ['每页条数', 'page size'],
  format: ['格式', 'format'],
  asOf: ['截至日期', 'as of'],
  frequency: ['频次', 'frequency'],
  startsOn: ['开始日期', 'start date'],
  endsOn: ['结束日期', 'end date'],
  graceDays: ['宽限天数', 'grace days'],
  elements: ['数据元', 'data elements'],
  elementId: ['数据元', 'data element'],
  assignments: ['填报分配', 'assignments'],
  rules: ['校验规则', 'checks'],
  formId: ['报表', 'form'],
  planId: ['方案', 'plan'],
  min: ['最小值', 'minimum'],
  max: ['最大值', 'maximum'],
  factor: ['系数', 'factor'],
  description: ['说明', 'description'],
  source: ['来源', 'source'],
  valueType: ['数值类型', 'value type'],
  lowestLevel: ['最低公开级别', 'lowest level published'],
  percent: ['完成百分比', 'percent done'],
  narrative: ['进展情况', 'progress'],
  problems: ['存在问题', 'problems'],
  amount: ['金额', 'amount'],
  year: ['年份', 'year'],
  body: ['提交的内容', 'request'],
  rows: ['数据行', 'rows'],
};

/** What a not-found message names ("plan 999 not found"). */
const ENTITY_LABELS: Record<string, Pair> = {
  plan: ['方案', 'plan'],
  'plan item': ['方案条目', 'plan item'],
  division: ['行政区划', 'division'],
  unit: ['单位', 'unit'],
  user: ['用户', 'user'],
  submission: ['报告', 'report'],
  form: ['报表', 'form'],
  indicator: ['指标', 'indicator'],
  'data element': ['数据元', 'data element'],
  briefing: ['通报', 'briefing'],
  'division load': ['区划加载任务', 'division load'],
  evidence: ['佐证材料', 'evidence file'],
  publication: ['公开事项', 'publication'],
};

/** A dotted field path ("body.newPassword", "body.values.3.value", "row 3.code", "数据!G12"). */
export function fieldLabel(locale: Locale, field: string): string {
  if (/![A-Z]+\d+$/.test(field)) return pick(locale, [`单元格 ${field}`, `cell ${field}`]);
  const row = /^row (\d+)\.(.+)$/.exec(field);
  if (row) return pick(locale, [`第 ${row[1]} 行 `, `row ${row[1]} `]) + fieldLabel(locale, row[2]);
  const parts = field.split('.').filter((p) => p && !/^(body|query|querystring|params|headers)$/.test(p));
  const index = parts.find((p) => /^\d+$/.test(p));
  const named = [...parts].reverse().find((p) => !/^\d+$/.test(p));
  if (!named) return pick(locale, ['提交的内容', 'request']);
  const label = FIELD_LABELS[named] ? pick(locale, FIELD_LABELS[named]) : named;
  return index !== undefined ? pick(locale, [`${label}（第 ${Number(index) + 1} 项）`, `${label} (item ${Number(index) + 1})`]) : label;
}

const CJK = /[\u3400-\u9fff]/;

/** "中文 / English" (the server's bilingual messages) → the reader's half. */
export function bilingualPart(locale: Locale, text: string): string {
  const i = text.indexOf(' / ');
  if (i > 0 && CJK.test(text.slice(0, i)) && !CJK.test(text.slice(i + 3))) return locale === 'zh-CN' ? text.slice(0, i) : text.slice(i + 3);
  return text;
}

type ReasonRule = [RegExp, (m: RegExpExecArray) => Pair];
const REASONS: ReasonRule[] = [
  [/^Required$|expected [\w ]+, received undefined$/i, () => ['必填', 'required']],
  [/^Invalid input: expected (\w+), received (\w+)$/, () => ['类型不正确', 'has the wrong type']],
  [/Too small: expected string to have >=?(\d+) characters?/, (m) => [`至少 ${m[1]} 个字符`, `must have at least ${m[1]} characters`]],
  [/Too big: expected string to have <=?(\d+) characters?/, (m) => [`最多 ${m[1]} 个字符`, `must have at most ${m[1]} characters`]],
  [/Too small: expected (?:number|int|bigint) to be >(-?[\d.]+)$/, (m) => [`必须大于 ${m[1]}`, `must be more than ${m[1]}`]],
  [/Too small: expected (?:number|int|bigint) to be >=(-?[\d.]+)/, (m) => [`不能小于 ${m[1]}`, `must be at least ${m[1]}`]],
  [/Too big: expected (?:number|int|bigint) to be <(-?[\d.]+)$/, (m) => [`必须小于 ${m[1]}`, `must be less than ${m[1]}`]],
  [/Too big: expected (?:number|int|bigint) to be <=(-?[\d.]+)/, (m) => [`不能大于 ${m[1]}`, `must be at most ${m[1]}`]],
  [/Too small: expected array to have >=?(\d+) items?/, (m) => [`至少 ${m[1]} 项`, `needs at least ${m[1]} items`]],
  [/Too big: expected array to have <=?(\d+) items?/, (m) => [`最多 ${m[1]} 项`, `allows at most ${m[1]} items`]],
  [/^Invalid option|^Invalid enum value/, () => ['不是可选的值', 'is not one of the allowed values']],
  [/must be MM-DD/, () => ['格式应为“月-日”，如 04-08', 'must be month-day, e.g. 04-08']],
  [/YYYY-MM-DD|must be a day/, () => ['应为日期（年-月-日），如 2015-04-08', 'must be a date such as 2015-04-08']],
  [/a division code has 2, 4, 6, 9 or 12 digits/, () => ['区划代码应为 2、4、6、9 或 12 位数字', 'a division code has 2, 4, 6, 9 or 12 digits']],
  [/^a province \(2 digits\) or prefecture \(4 digits\) code$/, () => ['应为省（2 位）或地市（4 位）代码', 'must be a province (2 digits) or prefecture (4 digits) code']],
  [/^unknown province or prefecture code: (.+)$/, (m) => [`未知的省份或地市代码：${m[1]}`, `unknown province or prefecture code: ${m[1]}`]],
  [/^choose at least one province or prefecture$/, () => ['请至少选择一个省份或地市', 'choose at least one province or prefecture']],
  [/^another load is running$/, () => ['另一个加载任务正在进行，请等它完成', 'another load is running; wait for it to finish']],
  [/^unknown: (.+)$/, (m) => [`未知：${m[1]}`, `unknown: ${m[1]}`]],
  [/must not be empty/, () => ['不能为空', 'must not be empty']],
  [/is already used|already exists|duplicate key/, () => ['已存在，不能重复', 'already exists']],
  [/^only on a draft$/, () => ['方案启用后不能修改此项', 'can change only while the plan is a draft']],
  [/Invalid string: must match pattern|^Invalid (string|email|url|uuid)/, () => ['格式不正确', 'is not in the expected format']],
  [/malformed JSON/, () => ['请求格式错误', 'malformed request']],
  [/too large/, () => ['内容过大', 'too large']],
  [/^invalid$/i, () => ['无效', 'invalid']],
];

/** A server reason in the reader's language; unknown English reasons stay as they are in English. */
export function reasonText(locale: Locale, reason: string): string {
  const r = bilingualPart(locale, reason.trim());
  if (CJK.test(r) && locale === 'zh-CN') return r;
  for (const [re, text] of REASONS) {
    const m = re.exec(r);
    if (m) return pick(locale, text(m));
  }
  return locale === 'zh-CN' ? '取值不正确' : r;
}

const HEADLINES: Record<string, Pair> = {
  validation_failed: ['填写有误', 'Please check'],
  bad_request: ['请求有误', 'Bad request'],
  unauthenticated: ['登录已过期，请重新登录', 'Your session has expired; please sign in again'],
  forbidden: ['没有权限执行此操作', 'You are not allowed to do this'],
  csrf_failed: ['页面已过期，请刷新后重试', 'The page is out of date; reload and try again'],
  not_found: ['未找到', 'Not found'],
  conflict: ['数据已被他人修改，请刷新后重试', 'Someone else changed this record; reload and try again'],
  duplicate: ['已存在相同的记录', 'A record with the same key already exists'],
  locked: ['该报告期已锁定，不能再修改', 'This period is locked'],
  payload_too_large: ['文件或内容过大', 'The file or request is too large'],
  unsupported_media_type: ['不支持的文件类型', 'This file type is not supported'],
  unprocessable: ['内容无法处理', 'The content cannot be processed'],
  too_many_requests: ['操作过于频繁，请稍后再试', 'Too many attempts; try again later'],
  service_unavailable: ['服务暂时不可用，请稍后重试', 'The service is unavailable right now; retry shortly'],
  internal: ['系统出错，请稍后重试', 'Something went wrong on the server; try again later'],
  network: ['网络错误，请检查连接', 'Network error; check your connection'],
};

/** "plan 999 not found" → 未找到方案 999 */
function notFoundText(locale: Locale, message: string): string | null {
  const m = /^(.+?) (\S+) not found$/.exec(message);
  if (!m) return null;
  const what = ENTITY_LABELS[m[1]];
  if (!what) return pick(locale, ['未找到该记录（可能已被删除）', 'Not found (it may have been deleted)']);
  return pick(locale, [`未找到${what[0]}（编号 ${m[2]}），可能已被删除`, `${what[1]} ${m[2]} was not found; it may have been deleted`]);
}

export interface ErrorLike {
  code: string;
  message: string;
  fields?: ServerProblem[];
  requestId?: unknown;
}

/**
 * The sentence shown for an error. Field problems name the field by its label and say the reason;
 * a message the server wrote in Chinese (and English) is shown in the reader's half; English
 * developer text (paths, codes) is replaced by the headline of its code.
 */
export function errorMessage(locale: Locale, e: ErrorLike): string {
  const headline = HEADLINES[e.code] ? pick(locale, HEADLINES[e.code]) : pick(locale, ['出错了', 'Something went wrong']);
  const fields = (e.fields ?? []).filter((f) => f.field || f.reason);
  if (fields.length > 0) {
    const sep = locale === 'zh-CN' ? '；' : '; ';
    const colon = locale === 'zh-CN' ? '：' : ': ';
    const list = fields.slice(0, 5).map((f) => `${fieldLabel(locale, f.field)}${colon}${reasonText(locale, f.reason)}`);
    const more = fields.length > 5 ? pick(locale, [`等 ${fields.length} 处`, `and ${fields.length - 5} more`]) : '';
    return `${headline}${colon}${list.join(sep)}${more ? ` ${more}` : ''}`;
  }
  if (e.code === 'not_found') {
    const nf = notFoundText(locale, e.message);
    if (nf) return nf;
  }
  const own = bilingualPart(locale, e.message ?? '').replace(/\s*\((GET|POST|PUT|PATCH|DELETE) \/api\/[^)]*\)/, '');
  if (own && CJK.test(own) && locale === 'zh-CN') return own;
  if (own && locale === 'en-US' && !/\/api\/|[a-z]+_[a-z]+|\.ts\b/.test(own)) return own;
  if (e.code === 'internal' && e.requestId) return `${headline}${pick(locale, [`（编号 ${String(e.requestId)}）`, ` (reference ${String(e.requestId)})`])}`;
  return headline;
}
