/**
 * Investment planned against done, by unit, for one plan. Planned figures are the plan's
 * investment items ({unit, amount, currency, year}); done figures are what units report on the
 * data element 完成投资额 (through approved data values), for the plan's division and each year
 * a unit has planned investment in.
 */
import { elementValues } from '../indicators/query.service.ts';
import type { Db, Executor } from '../platform/db/database.ts';
import { getItems, getPlan, type PlanItem } from '../plans/plan.service.ts';
import { searchDataElements } from '../reporting/data-element.service.ts';

/** The data element done amounts are read from: named so, or coded so. */
export const DONE_ELEMENT_NAMES = ['完成投资额', 'investment_done'];

// Money is compared in one currency unit: the done element's when it is one of these, else 万元.
const YUAN_FACTOR: Record<string, number> = { 元: 1, 千元: 1e3, 万元: 1e4, 百万元: 1e6, 亿元: 1e8 };
const strip = (c: string) => c.replace(/人民币|\s/g, '');
const convert = (amount: number, from: string, to: string): number | null => {
  const f = YUAN_FACTOR[strip(from)];
  const t = YUAN_FACTOR[strip(to)];
  return f && t ? (amount * f) / t : null;
};

export interface UnitInvestment {
  unitId: number | null;
  unitName: string;
  planned: number;
  done: number;
  currency: string;
  years: number[];
}

export interface InvestmentReport {
  planId: number;
  doneElement: { id: number; code: string; name: string; unit: string } | null;
  currency: string;
  items: UnitInvestment[];
  totals: { planned: number; done: number };
}

const ex = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);
const round = (v: number) => Math.round(v * 100) / 100;

interface Planned {
  unitId: number | null;
  unitName: string;
  year: number | null;
  amount: number;
}

/**
 * Plans name one unit's commitment more than once (北政办〔2014〕11号: a key-project figure of
 * 4601万元 and an overall "争取落实投资2亿元" for the same operator and year), so the largest
 * figure per unit and year is its commitment, never their sum. A figure without a unit that
 * equals the sum of the unit figures of its year is their total and is dropped.
 */
function plannedByUnit(items: PlanItem[], currency: string): Planned[] {
  const rows: Planned[] = [];
  for (const it of items) {
    if (it.kind !== 'investment' || it.reviewStatus === 'deleted') continue;
    const d = it.data;
    const amount = convert(d.amount, d.currency || '万元', currency);
    if (amount === null) continue;
    const link = it.units.find((u) => u.role === 'investor') ?? it.units[0];
    rows.push({ unitId: link?.unitId ?? null, unitName: link?.unitName ?? link?.nameAsWritten ?? d.unit ?? '', year: d.year ?? null, amount });
  }
  const best = new Map<string, Planned>();
  for (const r of rows.filter((x) => x.unitName)) {
    const key = `${r.unitId ?? r.unitName}|${r.year ?? ''}`;
    const prev = best.get(key);
    if (!prev || r.amount > prev.amount) best.set(key, r);
  }
  const named = [...best.values()];
  for (const r of rows.filter((x) => !x.unitName)) {
    const same = rows.filter((x) => x.unitName && x.year === r.year);
    const isTotal = same.length > 0 && same.some((_, i) => Math.abs(sumDistinct(same.slice(0, i + 1)) - r.amount) < 0.005);
    if (!isTotal) named.push({ ...r, unitName: '' });
  }
  return named;
}

// Sum of the first figure of each unit (the order items appear in): a stated total sums those.
function sumDistinct(rows: Planned[]): number {
  const seen = new Set<string>();
  let s = 0;
  for (const r of rows) {
    const k = String(r.unitId ?? r.unitName);
    if (seen.has(k)) continue;
    seen.add(k);
    s += r.amount;
  }
  return s;
}

/**
 * Planned and done investment per unit. `upToYear` limits both to the years up to it (a
 * dashboard period). A unit-less figure is shown under `unnamed`.
 */
export async function planInvestments(db: Db | Executor, planId: number, opts: { upToYear?: number; unnamed?: string } = {}): Promise<InvestmentReport> {
  const x = ex(db);
  const plan = await getPlan(x, planId);
  const elements = (await searchDataElements(x, { q: '投资' })).concat(await searchDataElements(x, { q: 'investment' }));
  const element = elements.find((e) => DONE_ELEMENT_NAMES.includes(e.name) || DONE_ELEMENT_NAMES.includes(e.code)) ?? null;
  const currency = element && YUAN_FACTOR[strip(element.unit)] ? strip(element.unit) : '万元';

  const planned = plannedByUnit(await getItems(x, planId, 'investment'), currency).filter((p) => opts.upToYear === undefined || p.year === null || p.year <= opts.upToYear);
  const byUnit = new Map<string, UnitInvestment>();
  for (const p of planned) {
    const key = p.unitId !== null ? `#${p.unitId}` : `name:${p.unitName}`;
    let u = byUnit.get(key);
    if (!u) byUnit.set(key, (u = { unitId: p.unitId, unitName: p.unitName || (opts.unnamed ?? '未注明单位'), planned: 0, done: 0, currency, years: [] }));
    u.planned += p.amount;
    if (p.year !== null && !u.years.includes(p.year)) u.years.push(p.year);
  }

  if (element) {
    const division = plan.divisionCode ?? '0';
    for (const u of byUnit.values()) {
      if (u.unitId === null || u.years.length === 0) continue;
      const cells = await elementValues(x, { element: element.id, divisionCodes: [division], periods: u.years.map(String), unitId: u.unitId });
      for (const c of cells) {
        const v = c.value === null ? null : convert(c.value, element.unit, currency);
        if (v !== null) u.done += v;
      }
    }
  }

  const items = [...byUnit.values()].map((u) => ({ ...u, planned: round(u.planned), done: round(u.done), years: u.years.sort() }));
  items.sort((a, b) => b.planned - a.planned || a.unitName.localeCompare(b.unitName));
  return {
    planId,
    doneElement: element ? { id: element.id, code: element.code, name: element.name, unit: element.unit } : null,
    currency,
    items,
    totals: { planned: round(items.reduce((s, u) => s + u.planned, 0)), done: round(items.reduce((s, u) => s + u.done, 0)) },
  };
}
