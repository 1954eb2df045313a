/**
 * Date phrases of plan prose: 到2016年, 2014年年底前, 2014年6月底之前, 2016年6月, 从2014年开始,
 * 力争在三年内. Each becomes "YYYY", "YYYY-MM" or "YYYY-MM-DD".
 */
export interface DatePhrase {
  start: number;
  end: number;
  due: string;
  /** A day was written (2014年5月9日) without 前: usually an issue or publication date, not a deadline. */
  dayOnly: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

// Leading words belong to the phrase so that milestone texts can leave them out.
const DATE_RE =
  /(?:力争|争取|确保)?(?:到|至|在|于|从|截至|截止到?)?((?:19|20)\d{2})\s*年(?:(年底|底|末|年末|上半年|下半年|度)|(\d{1,2})\s*月(?:(\d{1,2})\s*日)?(份)?(底|末|中旬|上旬|下旬)?)?(?:之前|以前|前|开始|起|内)?/g;

// A phase "2016年10月—2017年12月" or "2016年6月—9月" is due at its end.
const RANGE_RE =
  /((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?\s*[-—–~～至到]{1,2}\s*(?:((?:19|20)\d{2})\s*年)?\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?(?:底|末)?/g;

/**
 * The year that a yearless deadline ("5月底完成", "6月底前") falls in: a one-year plan names its
 * year in the title ("2024年…工作要点"); otherwise the months after the plan was issued, the
 * months up to its issue month in the next year.
 */
export interface YearContext {
  year: number;
  /** Month of issue; a yearless month before it belongs to the next year. */
  issuedMonth: number | null;
}

export function yearContext(title: string | null, issuedOn: string | null): YearContext | null {
  const years = [...(title ?? '').matchAll(/((?:19|20)\d{2})\s*年/g)].map((m) => Number(m[1]));
  const inTitle = new Set(years);
  if (inTitle.size === 1 && !/[-—–~～至]/.test(title ?? '')) return { year: years[0], issuedMonth: null };
  if (issuedOn) return { year: Number(issuedOn.slice(0, 4)), issuedMonth: issuedOn.length >= 7 ? Number(issuedOn.slice(5, 7)) : null };
  // A multi-year plan with no date of issue: its first year.
  const period = planPeriod(title);
  return period ? { year: period[0], issuedMonth: null } : null;
}

// "5月底前", "6月底完成", "9月30日前", "年底前": a deadline without a year.
const YEARLESS_RE = /(?<![年\d.\-／/])(?:(\d{1,2})\s*月(?:(\d{1,2})\s*日)?(底|末|中旬|上旬|下旬)?|(年底|年末))\s*(?:前|之前|以前|完成|启动|上线|出台)/g;

export function findYearlessDates(text: string, ctx: YearContext | null): DatePhrase[] {
  if (!ctx) return [];
  const out: DatePhrase[] = [];
  YEARLESS_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = YEARLESS_RE.exec(text))) {
    // "2014年年底前" is already a full date; only a phrase with no year right before it counts.
    if (/(?:19|20)\d{2}\s*年\s*$/.test(text.slice(Math.max(0, m.index - 6), m.index))) continue;
    if (m[4]) {
      if (/[每今明去]$/.test(text.slice(Math.max(0, m.index - 1), m.index))) continue;
      out.push({ start: m.index, end: m.index + m[0].length, due: `${ctx.year}-12`, dayOnly: false });
      continue;
    }
    const mo = Number(m[1]);
    if (mo < 1 || mo > 12) continue;
    if (/[每]\s*$/.test(text.slice(Math.max(0, m.index - 3), m.index))) continue;
    const year = ctx.issuedMonth != null && mo < ctx.issuedMonth ? ctx.year + 1 : ctx.year;
    let due = `${year}-${pad(mo)}`;
    if (m[2]) {
      const d = Number(m[2]);
      if (d >= 1 && d <= 31) due += `-${pad(d)}`;
    }
    out.push({ start: m.index, end: m.index + m[0].length, due, dayOnly: false });
  }
  return out;
}

export function findDates(text: string, from = 0, to = text.length): DatePhrase[] {
  const out: DatePhrase[] = [];
  const ranges: [number, number][] = [];
  RANGE_RE.lastIndex = from;
  let r: RegExpExecArray | null;
  while ((r = RANGE_RE.exec(text)) && r.index < to) {
    const mo = Number(r[4]);
    if (mo < 1 || mo > 12) continue;
    ranges.push([r.index, r.index + r[0].length]);
    out.push({ start: r.index, end: r.index + r[0].length, due: `${r[3] ?? r[1]}-${pad(mo)}`, dayOnly: false });
  }
  DATE_RE.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = DATE_RE.exec(text)) && m.index < to) {
    if (ranges.some(([a, b]) => m!.index + m![0].length > a && m!.index < b)) continue;
    const yearStart = m.index + m[0].indexOf(m[1]);
    const before = text[yearStart - 1] ?? '';
    // Ranges ("2014-2016年", "2013—2015年") name a period, not a deadline.
    if (/[-—–~～至]/.test(before) && /\d/.test(text[yearStart - 2] ?? '')) continue;
    const after = text.slice(yearStart, yearStart + 12);
    if (/^\d{4}\s*[-—–~～]\s*\d{4}/.test(after)) continue;
    const year = m[1];
    let due = year;
    let dayOnly = false;
    if (m[2]) {
      if (/底|末/.test(m[2])) due = `${year}-12`;
    } else if (m[3]) {
      const mo = Number(m[3]);
      if (mo < 1 || mo > 12) continue;
      due = `${year}-${pad(mo)}`;
      if (m[4]) {
        const d = Number(m[4]);
        if (d >= 1 && d <= 31) due = `${year}-${pad(mo)}-${pad(d)}`;
        // "自2022年10月8日起施行": the day the plan takes effect is a dated step too.
        dayOnly = !/前/.test(m[0]) && !/^\s*(?:起)?(?:施行|实施|执行)/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 4));
      }
    }
    out.push({ start: m.index, end: m.index + m[0].length, due, dayOnly });
  }
  return ranges.length ? out.sort((a, b) => a.start - b.start) : out;
}

/** "(2014-2016年)" in a title gives the plan period, used to read "三年内". */
export function planPeriod(title: string | null): [number, number] | null {
  const m = title?.match(/((?:19|20)\d{2})\s*[-—–~～至]\s*((?:19|20)\d{2})/);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

const CN = '一二三四五六七八九十';

/**
 * The plan's period, from the title ("（2023—2025年）"), else the text: a period in brackets near the
 * top, "有效期至2027年" / "有效期4年" counted from the year of issue, or the first "到2025年" goal.
 */
export function readPeriod(title: string | null, text: string, issuedOn: string | null): [number, number] | null {
  const t = planPeriod(title);
  if (t) return t;
  const m = /[（(]\s*((?:19|20)\d{2})\s*[-—–~～至]\s*((?:19|20)\d{2})\s*年?\s*[)）]/.exec(text.slice(0, 3000));
  if (m) return [Number(m[1]), Number(m[2])];
  const titleYears = [...new Set([...(title ?? '').matchAll(/((?:19|20)\d{2})\s*年/g)].map((x) => Number(x[1])))];
  const start = issuedOn ? Number(issuedOn.slice(0, 4)) : titleYears.length === 1 ? titleYears[0] : null;
  const until = /有效期(?:至|到)\s*((?:19|20)\d{2})\s*年/.exec(text);
  if (until) return [start ?? Number(until[1]), Number(until[1])];
  const span = /有效期\s*(?:为)?\s*([一二三四五六七八九十]|\d{1,2})\s*年/.exec(text);
  if (span && start != null) return [start, start + (/\d/.test(span[1]) ? Number(span[1]) : CN.indexOf(span[1]) + 1)];
  if (titleYears.length === 1) return [titleYears[0], titleYears[0]];
  const goal = /(?:到|至)\s*((?:19|20)\d{2})\s*年/.exec(text);
  if (goal && start != null && Number(goal[1]) >= start) return [start, Number(goal[1])];
  return null;
}
/** "(力争)在三年内" relative to the plan's first year. */
export function findRelativeYears(text: string, from: number, to: number, startYear: number | null): DatePhrase[] {
  if (startYear == null) return [];
  // "(力争)在三年内", "用两年时间": a span of the plan itself; a bare "2年内" is usually a project's own clock.
  const re = /(?:(?:力争|争取)(?:在|用)?|在|用)([一二三四五六七八九十\d])年(?:内|时间)/g;
  re.lastIndex = from;
  const out: DatePhrase[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index < to) {
    const n = /\d/.test(m[1]) ? Number(m[1]) : CN.indexOf(m[1]) + 1;
    out.push({ start: m.index, end: m.index + m[0].length, due: String(startYear + n - 1), dayOnly: false });
  }
  return out;
}
