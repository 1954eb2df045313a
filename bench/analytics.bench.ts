/**
 * `npm run bench analytics -- --scale national|province [--engine postgres|pglite] [--keep]`
 *
 * Generates a synthetic dataset for every division of the 2023 hierarchy (national) or of 湖南 43
 * (province): 4 village-level data elements monthly for 24 months (users, households, a speed
 * weighted by users, a flow), ~1 % of village-months unreported, and 30 county-level elements
 * monthly for 84 months (10 ratio indicators over 20 of them). Then measures, printing
 * `name: value unit` lines:
 *   load_values_per_s   bulkLoadValues (COPY on PostgreSQL) including the roll-up rebuild
 *   q_children_p95_ms   one ratio indicator, one month, all children of divisions drawn from every level
 *   q_level_months_ms   one indicator, every county-level division × 12 months
 *   q_multi_year_ms     10 indicators × 7 divisions × 84 months
 *   freshness_ms        approving 1,000 village values until q_children shows them
 * and for the three queries the same answer from a plain GROUP BY over data_values joined to
 * divisions (`…_plain_ms`, `…_vs_plain` = luoshi ÷ plain), asserting that the answers are equal.
 * PostgreSQL: DATABASE_URL or postgres://postgres@127.0.0.1:5432/luoshi_bench, dropped and
 * created fresh (and dropped after unless --keep).
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { loadDivisions } from '../src/divisions/division.loader.ts';
import { bulkLoadValues, type BulkRow } from '../src/indicators/bulk-load.ts';
import { createIndicator } from '../src/indicators/indicator.service.ts';
import { divisionKey, monthIndex } from '../src/indicators/keys.ts';
import { childrenValues, type IndicatorCell, queryIndicator, queryIndicators } from '../src/indicators/query.service.ts';
import { recordApprovedValues } from '../src/indicators/values.service.ts';
import { SYSTEM } from '../src/platform/audit.ts';
import { type Db, openDatabase, transaction } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'province' },
    engine: { type: 'string', default: 'postgres' },
    keep: { type: 'boolean', default: false },
    // measure the queries again on a database kept by an earlier --keep run (no load)
    reuse: { type: 'boolean', default: false },
    samples: { type: 'string' },
  },
});
const scale = args.scale;
const engine = args.engine;
if ((scale !== 'national' && scale !== 'province') || (engine !== 'postgres' && engine !== 'pglite')) {
  console.error('usage: npm run bench analytics -- --scale national|province [--engine postgres|pglite] [--keep]');
  process.exit(2);
}

const out = (name: string, value: number | string | boolean, unit = '') => console.log(`${name}: ${typeof value === 'number' ? (Number.isInteger(value) ? value : value.toFixed(2)) : value}${unit ? ' ' + unit : ''}`);
const log = (msg: string) => console.error(`[analytics ${new Date().toISOString().slice(11, 19)}] ${msg}`);

// ---- database ----------------------------------------------------------------------------------

let db: Db;
let url: string | undefined;
let cleanup = async () => {};
if (engine === 'postgres') {
  url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/luoshi_bench';
  const u = new URL(url);
  const name = u.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name must be a plain identifier: ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  if (!args.reuse) {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  }
  await c.end();
  db = await openDatabase({ databaseUrl: url, poolSize: 4 });
  if (!args.keep && !args.reuse) {
    cleanup = async () => {
      const c2 = new pg.Client({ connectionString: admin.toString() });
      await c2.connect();
      await c2.query(`drop database if exists ${name} with (force)`);
      await c2.end();
    };
  }
} else {
  db = await openDatabase({ dataDir: 'memory://' });
}

// ---- synthetic data ------------------------------------------------------------------------------

function hash(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

const V_START = monthIndex(2019, 1);
const V_MONTHS = 24;
const C_START = monthIndex(2014, 1);
const C_MONTHS = 84;

interface Setup {
  villages: number[];
  counties: string[];
  el: { users: number; households: number; speed: number; newUsers: number; county: number[] };
  villageIndicator: string;
  countyIndicators: string[];
}

async function element(code: string, o: { temporal: 'stock' | 'flow'; level: number; spatial?: 'sum' | 'weighted'; weight?: number }): Promise<number> {
  const r = await db.kysely
    .insertInto('data_elements')
    .values({ code, name: code, value_type: 'number', temporal: o.temporal, spatial: o.spatial ?? 'sum', weight_element_id: o.weight ?? null, division_level: o.level })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

async function existing(): Promise<Setup> {
  const ids = new Map((await db.kysely.selectFrom('data_elements').select(['id', 'code']).execute()).map((r) => [r.code, Number(r.id)]));
  const id = (code: string) => {
    const x = ids.get(code);
    if (x === undefined) throw new Error(`--reuse: no element ${code} in the kept database`);
    return x;
  };
  const prefix = scale === 'province' ? '43' : '';
  const v = await sql<{ code: string }>`select code from divisions where level = 5 and code like ${prefix + '%'} order by code`.execute(db.kysely);
  const c = await sql<{ code: string }>`select code from divisions where level = 3 and code like ${prefix + '%'} order by code`.execute(db.kysely);
  return {
    villages: v.rows.map((r) => divisionKey(r.code)),
    counties: c.rows.map((r) => r.code),
    el: {
      users: id('V_USERS'),
      households: id('V_HOUSEHOLDS'),
      speed: id('V_SPEED'),
      newUsers: id('V_NEW_USERS'),
      county: Array.from({ length: 30 }, (_, i) => id(`C_${String(i + 1).padStart(2, '0')}`)),
    },
    villageIndicator: 'V_PEN',
    countyIndicators: Array.from({ length: 10 }, (_, i) => `C_IND_${i + 1}`),
  };
}

async function setup(): Promise<Setup> {
  const users = await element('V_USERS', { temporal: 'stock', level: 5 });
  const households = await element('V_HOUSEHOLDS', { temporal: 'stock', level: 5 });
  const speed = await element('V_SPEED', { temporal: 'stock', level: 5, spatial: 'weighted', weight: users });
  const newUsers = await element('V_NEW_USERS', { temporal: 'flow', level: 5 });
  const county: number[] = [];
  for (let i = 1; i <= 30; i++) county.push(await element(`C_${String(i).padStart(2, '0')}`, { temporal: i > 20 ? 'flow' : 'stock', level: 3 }));
  await createIndicator(db, SYSTEM, { code: 'V_PEN', name: '固定宽带家庭普及率', unit: '%', direction: 'higher', numeratorElementId: users, denominatorElementId: households, factor: 100 });
  const countyIndicators: string[] = [];
  for (let i = 0; i < 10; i++) {
    const code = `C_IND_${i + 1}`;
    await createIndicator(db, SYSTEM, { code, name: `县级比率指标${i + 1}`, unit: '%', direction: 'higher', numeratorElementId: county[2 * i], denominatorElementId: county[2 * i + 1], factor: 100 });
    countyIndicators.push(code);
  }
  const prefix = scale === 'province' ? '43' : '';
  const v = await sql<{ code: string }>`select code from divisions where level = 5 and code like ${prefix + '%'} order by code`.execute(db.kysely);
  const c = await sql<{ code: string }>`select code from divisions where level = 3 and code like ${prefix + '%'} order by code`.execute(db.kysely);
  return {
    villages: v.rows.map((r) => divisionKey(r.code)),
    counties: c.rows.map((r) => r.code),
    el: { users, households, speed, newUsers, county },
    villageIndicator: 'V_PEN',
    countyIndicators,
  };
}

const reported = (i: number, m: number) => hash(i, m) >= 0.01;

function* villageRows(s: Setup): Generator<BulkRow[]> {
  const BATCH = 50_000;
  let batch: BulkRow[] = [];
  const ids = [s.el.users, s.el.households, s.el.speed, s.el.newUsers];
  for (const id of ids) {
    for (let i = 0; i < s.villages.length; i++) {
      const key = s.villages[i];
      const hh = 80 + Math.floor(hash(i, 1) * 500);
      const pen = 0.2 + hash(i, 2) * 0.5;
      for (let t = 0; t < V_MONTHS; t++) {
        if (!reported(i, t)) continue;
        const value =
          id === s.el.households
            ? hh + Math.floor(t / 6)
            : id === s.el.users
              ? Math.round(hh * Math.min(1.2, pen + t * 0.01))
              : id === s.el.speed
                ? Math.round((20 + hash(i, 3) * 80 + t * 2) * 100) / 100
                : Math.floor(hash(i, t + 10) * 8);
        batch.push([id, key, V_START + t, value]);
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
    }
  }
  if (batch.length) yield batch;
}

function* countyRows(s: Setup): Generator<BulkRow[]> {
  const BATCH = 50_000;
  let batch: BulkRow[] = [];
  const keys = s.counties.map(divisionKey);
  for (let e = 0; e < s.el.county.length; e++) {
    const id = s.el.county[e];
    for (let i = 0; i < keys.length; i++) {
      const base = 1000 + hash(i, e) * 100_000;
      for (let t = 0; t < C_MONTHS; t++) {
        if (hash(i * 31 + e, t) < 0.005) continue;
        batch.push([id, keys[i], C_START + t, Math.round(base * (1 + t * 0.004 + hash(e, t) * 0.01))]);
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
    }
  }
  if (batch.length) yield batch;
}

// ---- plain GROUP BY answers ------------------------------------------------------------------------

const LEN = [0, 2, 4, 6, 9, 12];

interface PlainCell {
  num: number;
  numN: number;
  den: number;
  denN: number;
}

/** Σ numerator and Σ denominator per (child prefix, month) from raw values joined to divisions. */
async function plainRatio(
  num: number,
  den: number,
  leafLevel: number,
  groupLen: number,
  prefixes: string[],
  m1: number,
  m2: number,
): Promise<Map<string, PlainCell>> {
  const r = await sql<{ code: string; month: number; num: number | null; num_n: number; den: number | null; den_n: number }>`
    select ${groupLen > 0 ? sql`left(d.code, ${groupLen})` : sql`t.prefix`} as code, v.month,
      sum(v.value) filter (where v.element_id = ${num}) as num, count(*) filter (where v.element_id = ${num})::integer as num_n,
      sum(v.value) filter (where v.element_id = ${den}) as den, count(*) filter (where v.element_id = ${den})::integer as den_n
    from data_values v
    join divisions d on rpad(d.code, 12, '0')::bigint = v.division_key
    join unnest(${prefixes}::text[]) as t(prefix) on d.code like t.prefix || '%'
    where v.element_id in (${num}, ${den}) and v.month between ${m1} and ${m2} and d.level = ${leafLevel}
    group by 1, 2`.execute(db.kysely);
  const m = new Map<string, PlainCell>();
  for (const x of r.rows) m.set(`${x.code}|${x.month}`, { num: x.num ?? 0, numN: x.num_n, den: x.den ?? 0, denN: x.den_n });
  return m;
}

const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

let mismatches = 0;
function compare(what: string, cells: IndicatorCell[], plain: Map<string, PlainCell>, monthOf: (period: string) => number): void {
  for (const c of cells) {
    const p = plain.get(`${c.divisionCode}|${monthOf(c.period)}`);
    const num = p && p.numN > 0 ? p.num : null;
    const den = p && p.denN > 0 ? p.den : null;
    const value = num !== null && den !== null && den !== 0 ? (num / den) * 100 : null;
    const contributors = p ? Math.min(p.numN, p.denN) : 0;
    if (!close(c.value, value) || !close(c.numerator, num) || !close(c.denominator, den) || c.contributors !== contributors) {
      if (mismatches++ < 5) log(`${what} differs at ${c.divisionCode} ${c.period}: luoshi ${JSON.stringify(c)} plain ${JSON.stringify({ num, den, value, contributors })}`);
    }
  }
}

const monthOfCode = (p: string) => monthIndex(Number(p.slice(0, 4)), Number(p.slice(5)));
const monthCodeOf = (m: number) => `${Math.floor(m / 12)}M${String((m % 12) + 1).padStart(2, '0')}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

function rnd(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * q_plan_status_ms is measured by the monitoring code (targets and status). Fill this in (or
 * export `benchPlanStatus(db, ctx): Promise<number>` from bench/plan-status.hook.ts)
 * to print it: create a plan with 30 targets on the indicators of `ctx` and time every target's
 * status. Returns milliseconds, or null when not available.
 */
async function qPlanStatus(ctx: { db: Db; villageIndicator: string; countyIndicators: string[]; counties: string[] }): Promise<number | null> {
  try {
    const hookPath = './plan-status.hook.ts';
    const mod = (await import(hookPath)) as { benchPlanStatus?: (db: Db, c: typeof ctx) => Promise<number> };
    if (typeof mod.benchPlanStatus === 'function') return await mod.benchPlanStatus(ctx.db, ctx);
  } catch {
    // not there yet
  }
  return null;
}

// ---- run -------------------------------------------------------------------------------------------

try {
  const t0 = performance.now();
  let s: Setup;
  out('engine', engine);
  out('scale', scale);
  if (args.reuse) {
    s = await existing();
    log(`reusing the kept database: ${s.villages.length} villages, ${s.counties.length} counties (no load)`);
  } else {
    await migrate(db);
    await loadDivisions(db, { provinces: scale === 'province' ? ['43'] : 'all' });
    log(`divisions loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    s = await setup();
    log(`${s.villages.length} villages, ${s.counties.length} counties`);
    const setupOf = s;
    async function* all() {
      yield* villageRows(setupOf);
      yield* countyRows(setupOf);
    }
    const load = await bulkLoadValues(db, all(), { databaseUrl: url });
    log(`loaded ${load.rows} values: ${load.loadSeconds.toFixed(1)} s values + ${load.rollupSeconds.toFixed(1)} s roll-up`);
    out('values', load.rows);
    out('load_values_per_s', Math.round(load.rows / load.seconds), 'values/s');
    out('load_copy_values_per_s', Math.round(load.rows / load.loadSeconds), 'values/s');
    out('load_rollup_s', load.rollupSeconds, 's');
    await sql`analyze`.execute(db.kysely);
    log('analyzed; queries next');
  }

  const kx = db.kysely;
  const rand = rnd(20140101);

  // q_children: parents drawn at random from every level 0–4 (level 0 is the country).
  const perLevel = Number(args.samples ?? (scale === 'national' ? 10 : 20));
  const parents: string[] = [];
  const scopePrefix = scale === 'province' ? '43' : '';
  for (let level = 0; level <= 4; level++) {
    if (level === 0) {
      for (let i = 0; i < perLevel; i++) parents.push(scopePrefix);
      continue;
    }
    if (scale === 'province' && level === 1) {
      for (let i = 0; i < perLevel; i++) parents.push('43');
      continue;
    }
    const r = await sql<{ code: string }>`select code from divisions where level = ${level} and code like ${scopePrefix + '%'} order by random() limit ${perLevel}`.execute(kx);
    parents.push(...r.rows.map((x) => x.code));
  }
  const months = parents.map(() => V_START + Math.floor(rand() * V_MONTHS));
  for (let i = 0; i < 3; i++) await childrenValues(kx, { indicator: s.villageIndicator, parentCode: parents[i], period: monthCodeOf(months[i]) });
  const childTimes: number[] = [];
  const childAnswers: IndicatorCell[][] = [];
  for (let i = 0; i < parents.length; i++) {
    const t = performance.now();
    childAnswers.push(await childrenValues(kx, { indicator: s.villageIndicator, parentCode: parents[i], period: monthCodeOf(months[i]) }));
    childTimes.push(performance.now() - t);
  }
  log(`q_children: ${parents.length} parents done, plain GROUP BY next`);
  const plainChildTimes: number[] = [];
  for (let i = 0; i < parents.length; i++) {
    const level = parents[i] === '' ? 0 : LEN.indexOf(parents[i].length);
    const t = performance.now();
    const plain = await plainRatio(s.el.users, s.el.households, 5, LEN[level + 1], [parents[i]], months[i], months[i]);
    plainChildTimes.push(performance.now() - t);
    compare('q_children', childAnswers[i], plain, monthOfCode);
  }
  out('q_children_samples', parents.length);
  out('q_children_p95_ms', p95(childTimes), 'ms');
  out('q_children_plain_p95_ms', p95(plainChildTimes), 'ms');
  out('q_children_vs_plain', p95(childTimes) / p95(plainChildTimes));

  log('q_level_months');
  // q_level_months: every county × the 12 months of 2020.
  const year = Array.from({ length: 12 }, (_, i) => monthCodeOf(V_START + 12 + i));
  await queryIndicator(kx, { indicator: s.villageIndicator, divisionCodes: s.counties.slice(0, 10), periods: year });
  // luoshi's figures are the median of 3 runs (one shot swings with the shared machine's load)
  let level: IndicatorCell[] = [];
  const levelRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t1 = performance.now();
    level = await queryIndicator(kx, { indicator: s.villageIndicator, divisionCodes: s.counties, periods: year });
    levelRuns.push(performance.now() - t1);
  }
  const levelMs = median(levelRuns);
  let t = performance.now();
  t = performance.now();
  const levelPlain = await plainRatio(s.el.users, s.el.households, 5, 6, [scopePrefix], V_START + 12, V_START + 23);
  const levelPlainMs = performance.now() - t;
  compare('q_level_months', level, levelPlain, monthOfCode);
  out('q_level_months_cells', level.length);
  out('q_level_months_ms', levelMs, 'ms');
  out('q_level_months_plain_ms', levelPlainMs, 'ms');
  out('q_level_months_vs_plain', levelMs / levelPlainMs);

  log('q_multi_year');
  // q_multi_year: 10 county-level indicators × 7 divisions × 84 months.
  const pick = async (lvl: number, n: number) =>
    (await sql<{ code: string }>`select code from divisions where level = ${lvl} and code like ${scopePrefix + '%'} order by random() limit ${n}`.execute(kx)).rows.map((r) => r.code);
  const seven = scale === 'national' ? ['', ...(await pick(1, 2)), ...(await pick(2, 2)), ...(await pick(3, 2))] : ['43', ...(await pick(2, 3)), ...(await pick(3, 3))];
  const allMonths = Array.from({ length: C_MONTHS }, (_, i) => monthCodeOf(C_START + i));
  await queryIndicator(kx, { indicator: s.countyIndicators[0], divisionCodes: seven.slice(0, 2), periods: allMonths.slice(0, 2) });
  let multi: IndicatorCell[][] = [];
  const multiRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t1 = performance.now();
    multi = await queryIndicators(kx, { indicators: s.countyIndicators, divisionCodes: seven, periods: allMonths });
    multiRuns.push(performance.now() - t1);
  }
  const multiMs = median(multiRuns);
  t = performance.now();
  const multiPlain: Map<string, PlainCell>[] = [];
  for (let i = 0; i < 10; i++) multiPlain.push(await plainRatio(s.el.county[2 * i], s.el.county[2 * i + 1], 3, 0, seven, C_START, C_START + C_MONTHS - 1));
  const multiPlainMs = performance.now() - t;
  multi.forEach((cells, i) => compare('q_multi_year', cells, multiPlain[i], monthOfCode));
  out('q_multi_year_cells', multi.reduce((n, c) => n + c.length, 0));
  out('q_multi_year_ms', multiMs, 'ms');
  out('q_multi_year_plain_ms', multiPlainMs, 'ms');
  out('q_multi_year_vs_plain', multiMs / multiPlainMs);

  log('freshness');
  // freshness: approve 1,000 village values of one prefecture, until the country's children
  // (the provinces) show the new sum.
  // a province nationally (every one has over 1,000 villages), a prefecture of 湖南 otherwise
  const pref = scale === 'national' ? (await pick(1, 1))[0] : (await pick(2, 1))[0];
  const vill = (await sql<{ code: string }>`select code from divisions where level = 5 and code like ${pref + '%'} order by random() limit 1000`.execute(kx)).rows.map((r) => r.code);
  const month = V_START + V_MONTHS - 1;
  const old = await sql<{ s: number | null }>`select sum(value) as s from data_values where element_id = ${s.el.users} and month = ${month} and division_key = any(${vill.map(divisionKey)}::bigint[])`.execute(kx);
  const parentOfTop = scale === 'national' ? '' : '43';
  const topChild = scale === 'national' ? pref.slice(0, 2) : pref;
  const before = (await childrenValues(kx, { indicator: s.villageIndicator, parentCode: parentOfTop, period: monthCodeOf(month) })).find((c) => c.divisionCode === topChild)!;
  const newValues = vill.map((code, i) => ({ elementId: s.el.users, divisionCode: code, period: monthCodeOf(month), value: 1000 + i, unitId: null, submissionId: null }));
  const expected = (before.numerator ?? 0) - (old.rows[0].s ?? 0) + newValues.reduce((n, v) => n + v.value, 0);
  t = performance.now();
  await transaction(db, (tx) => recordApprovedValues(tx, newValues));
  let seen = false;
  while (!seen && performance.now() - t < 10_000) {
    const after = (await childrenValues(kx, { indicator: s.villageIndicator, parentCode: parentOfTop, period: monthCodeOf(month) })).find((c) => c.divisionCode === topChild)!;
    seen = close(after.numerator, expected);
  }
  const freshMs = performance.now() - t;
  if (!seen) mismatches++;
  out('freshness_values', newValues.length);
  out('freshness_ms', freshMs, 'ms');

  const planMs = await qPlanStatus({ db, villageIndicator: s.villageIndicator, countyIndicators: s.countyIndicators, counties: s.counties });
  out('q_plan_status_ms', planMs === null ? 'n/a (monitoring hook not present)' : planMs.toFixed(2), planMs === null ? '' : 'ms');

  out('answers_equal', mismatches === 0);
  if (mismatches > 0) process.exitCode = 1;
} finally {
  await db.close();
  await cleanup();
}
