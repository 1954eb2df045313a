/**
 * The periods a briefing can be asked for, the one offered first, and the file name a download
 * carries. Pure functions, so the picker's choices are tested without a browser.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** Quarter and month codes of a year, in the order a picker lists them: Q1–Q4, then M01–M12. */
function codesOfYear(y: number): string[] {
  return [...[1, 2, 3, 4].map((q) => `${y}Q${q}`), ...Array.from({ length: 12 }, (_, i) => `${y}M${pad(i + 1)}`)];
}

/** First day of a quarter or month code, as YYYY-MM-DD. */
function periodStartDay(code: string): string {
  const q = /^(\d{4})Q([1-4])$/.exec(code);
  if (q) return `${q[1]}-${pad((Number(q[2]) - 1) * 3 + 1)}-01`;
  const m = /^(\d{4})M(\d{2})$/.exec(code);
  if (m) return `${m[1]}-${m[2]}-01`;
  return `${code.slice(0, 4)}-01-01`;
}

/** Last day of a quarter or month code, as YYYY-MM-DD. */
export function periodEndDay(code: string): string {
  const last = (y: number, month: number) => `${y}-${pad(month)}-${pad(new Date(Date.UTC(y, month, 0)).getUTCDate())}`;
  const q = /^(\d{4})Q([1-4])$/.exec(code);
  if (q) return last(Number(q[1]), Number(q[2]) * 3);
  const m = /^(\d{4})M(\d{2})$/.exec(code);
  if (m) return last(Number(m[1]), Number(m[2]));
  return `${code.slice(0, 4)}-12-31`;
}

export interface PeriodGroup {
  year: number;
  codes: string[];
}

/**
 * Quarters and months of the plan's years, newest year first, leaving out periods that have not
 * begun by `today` (a briefing of the future has nothing to say). Without a span: the last two
 * years. A plan whose span lies wholly in the future still offers its first year.
 */
export function briefingPeriods(span: { start: number | null; end: number | null }, today: string): PeriodGroup[] {
  const thisYear = Number(today.slice(0, 4));
  const start = span.start ?? span.end ?? thisYear - 1;
  const end = Math.min(span.end ?? thisYear, Math.max(thisYear, start));
  const groups: PeriodGroup[] = [];
  for (let y = end; y >= Math.min(start, end); y--) {
    const codes = codesOfYear(y).filter((c) => periodStartDay(c) <= today);
    if (codes.length) groups.push({ year: y, codes });
  }
  if (groups.length === 0) groups.push({ year: start, codes: codesOfYear(start) });
  return groups;
}

/** The quarter a period code or date falls in: 2014M05 → 2014Q2, 2014H1 → 2014Q2, 2014 → 2014Q4. */
export function quarterOf(code: string): string | null {
  let m = /^(\d{4})Q([1-4])$/.exec(code);
  if (m) return code;
  m = /^(\d{4})(?:M|-)(\d{2})/.exec(code);
  if (m) return `${m[1]}Q${Math.ceil(Number(m[2]) / 3)}`;
  m = /^(\d{4})H([12])$/.exec(code);
  if (m) return `${m[1]}Q${m[2] === '1' ? 2 : 4}`;
  m = /^(\d{4})$/.exec(code);
  if (m) return `${m[1]}Q4`;
  return null;
}

/**
 * The period offered first: the quarter of the newest data, when the picker has it; otherwise
 * the last quarter that has ended by `today`; otherwise the earliest quarter offered.
 */
export function defaultBriefingPeriod(groups: readonly PeriodGroup[], dataPeriods: readonly string[], today: string): string | null {
  const quarters = groups.flatMap((g) => g.codes.filter((c) => c.includes('Q')));
  const offered = new Set(quarters);
  const withData = dataPeriods
    .map(quarterOf)
    .filter((q): q is string => q !== null && offered.has(q))
    .sort();
  if (withData.length) return withData[withData.length - 1];
  const ended = quarters.filter((q) => periodEndDay(q) < today).sort();
  if (ended.length) return ended[ended.length - 1];
  return [...quarters].sort()[0] ?? null;
}

/** The name a download is saved under: RFC 5987 `filename*` first, then `filename`, then the fallback. */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* a malformed escape: fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) ?? /filename\s*=\s*([^;]+)/i.exec(header);
  return plain ? plain[1].trim() : fallback;
}
