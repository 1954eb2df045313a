import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/db.ts';
import { SYSTEM } from '../platform/audit.ts';
import { type Db, transaction } from '../platform/db/database.ts';
import { createIndicator, updateIndicator } from './indicator.service.ts';
import { childrenValues, elementValues, queryIndicator } from './query.service.ts';
import { rebuildRollup } from './rollup.repository.ts';
import { type ApprovedValue, recordApprovedValues } from './values.service.ts';

/**
 * A small tree computed by hand:
 *   43 湖南 → 4301 长沙 → 430102 芙蓉区 → towns 430102001 (villages A, B) and 430102002 (village C)
 * Village values, months 2014M01–03 (C did not report March):
 *   users       A 40 45 50 | B 8 9 10 | C 28 30 –
 *   households  A 100 100 100 | B 10 10 10 | C 60 60 –
 *   new users   A 5 7 9 (flow)
 *   speed       A 20, B 100 in March (Mbit/s, weighted by users)
 */
const A = '430102001001';
const B = '430102001002';
const C = '430102002001';
const T1 = '430102001';
const T2 = '430102002';
const COUNTY = '430102';

let seq = 0;
const uniq = (s: string) => `${s}_${process.pid}_${++seq}`;

async function element(db: Db, o: { code: string; temporal: 'stock' | 'flow'; spatial?: 'sum' | 'weighted'; weight?: number; level?: number; periodType?: 'M' | 'Q' | 'H' | 'Y' }): Promise<number> {
  const r = await db.kysely
    .insertInto('data_elements')
    .values({
      code: o.code,
      name: o.code,
      value_type: 'number',
      temporal: o.temporal,
      spatial: o.spatial ?? 'sum',
      weight_element_id: o.weight ?? null,
      division_level: o.level ?? 5,
      period_type: o.periodType ?? 'M',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

const v = (elementId: number, divisionCode: string, period: string, value: number, unitId: number | null = null): ApprovedValue => ({
  elementId,
  divisionCode,
  period,
  value,
  unitId,
  submissionId: null,
});

async function divisions(db: Db) {
  const rows = [
    { code: '43', name: '湖南省', level: 1, parent_code: null },
    { code: '4301', name: '长沙市', level: 2, parent_code: '43' },
    { code: COUNTY, name: '芙蓉区', level: 3, parent_code: '4301' },
    { code: T1, name: '一镇', level: 4, parent_code: COUNTY },
    { code: T2, name: '二镇', level: 4, parent_code: COUNTY },
    { code: A, name: 'A村', level: 5, parent_code: T1 },
    { code: B, name: 'B村', level: 5, parent_code: T1 },
    { code: C, name: 'C村', level: 5, parent_code: T2 },
  ];
  await db.kysely
    .insertInto('divisions')
    .values(rows.map((r) => ({ ...r, full_name: r.name })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

describeEachEngine('indicator aggregation', (getDb) => {
  let users: number;
  let households: number;
  let population: number;
  let newUsers: number;
  let speed: number;
  let penetration: string;
  let speedInd: string;

  beforeAll(async () => {
    const db = getDb();
    await divisions(db);
    users = await element(db, { code: uniq('USERS'), temporal: 'stock' });
    households = await element(db, { code: uniq('HH'), temporal: 'stock' });
    population = await element(db, { code: uniq('POP'), temporal: 'stock' });
    newUsers = await element(db, { code: uniq('NEW'), temporal: 'flow' });
    speed = await element(db, { code: uniq('SPEED'), temporal: 'stock', spatial: 'weighted', weight: users });
    const months = ['2014M01', '2014M02', '2014M03'];
    const values: ApprovedValue[] = [];
    [40, 45, 50].forEach((x, i) => values.push(v(users, A, months[i], x), v(households, A, months[i], 100), v(newUsers, A, months[i], [5, 7, 9][i])));
    [8, 9, 10].forEach((x, i) => values.push(v(users, B, months[i], x), v(households, B, months[i], 10)));
    [28, 30].forEach((x, i) => values.push(v(users, C, months[i], x), v(households, C, months[i], 60)));
    values.push(v(speed, A, '2014M03', 20), v(speed, B, '2014M03', 100));
    values.push(v(population, A, '2014M03', 300), v(population, B, '2014M03', 30));
    await transaction(db, (tx) => recordApprovedValues(tx, values));
    penetration = uniq('FBB_PEN');
    await createIndicator(db, SYSTEM, { code: penetration, name: '固定宽带家庭普及率', unit: '%', direction: 'higher', numeratorElementId: users, denominatorElementId: households, factor: 100 });
    speedInd = uniq('SPEED_IND');
    await createIndicator(db, SYSTEM, { code: speedInd, name: '平均下载速率', unit: 'Mbit/s', direction: 'higher', numeratorElementId: speed });
  });

  it('computes a ratio as Σnumerator / Σdenominator, not as the average of the ratios', async () => {
    const [t1] = await queryIndicator(getDb().kysely, { indicator: penetration, divisionCodes: [T1], periods: ['2014M01'] });
    // villages: 40/100 = 40 %, 8/10 = 80 % → average of ratios 60 %; ratio of sums 48/110
    const averageOfRatios = (40 / 100 + 8 / 10) / 2 * 100;
    expect(t1.value).toBeCloseTo((48 / 110) * 100, 10);
    expect(t1.value).not.toBeCloseTo(averageOfRatios, 1);
    expect(t1).toMatchObject({ numerator: 48, denominator: 110, contributors: 2 });
    const up = await queryIndicator(getDb().kysely, { indicator: penetration, divisionCodes: [COUNTY, '4301', '43', ''], periods: ['2014M02'] });
    for (const c of up) expect(c).toMatchObject({ numerator: 84, denominator: 170, contributors: 3 });
    expect(up[3].value).toBeCloseTo((84 / 170) * 100, 10);
  });

  it('takes the last month of a quarter for a stock and sums the months for a flow', async () => {
    const [stock] = await elementValues(getDb().kysely, { element: users, divisionCodes: [A], periods: ['2014Q1'] });
    expect(stock.value).toBe(50);
    const [flow] = await elementValues(getDb().kysely, { element: newUsers, divisionCodes: [A], periods: ['2014Q1'] });
    expect(flow.value).toBe(5 + 7 + 9);
    const [year] = await elementValues(getDb().kysely, { element: newUsers, divisionCodes: [COUNTY], periods: ['2014'] });
    expect(year.value).toBe(21);
  });

  it('leaves a missing child out of the sums and says how many contributed', async () => {
    const [march] = await queryIndicator(getDb().kysely, { indicator: penetration, divisionCodes: [COUNTY], periods: ['2014M03'] });
    expect(march).toMatchObject({ numerator: 60, denominator: 110, contributors: 2 });
    const children = await childrenValues(getDb().kysely, { indicator: penetration, parentCode: COUNTY, period: '2014M03' });
    expect(children.map((c) => [c.divisionCode, c.value === null ? null : Math.round(c.value * 100) / 100, c.contributors])).toEqual([
      [T1, 54.55, 2],
      [T2, null, 0],
    ]);
    // a quarter of a stock: the county's March figure, which C did not report
    const [q1] = await queryIndicator(getDb().kysely, { indicator: penetration, divisionCodes: [COUNTY], periods: ['2014Q1'] });
    expect(q1).toMatchObject({ numerator: 60, denominator: 110, contributors: 2 });
  });

  it('weights a speed by its users', async () => {
    const [t1] = await queryIndicator(getDb().kysely, { indicator: speedInd, divisionCodes: [T1], periods: ['2014M03'] });
    // (20·50 + 100·10) / (50 + 10) = 33.3…, not the plain mean 60
    expect(t1.value).toBeCloseTo(2000 / 60, 10);
    expect(t1.contributors).toBe(2);
  });

  it('keeps earlier periods on the definition valid then; a named version overrides', async () => {
    const db = getDb();
    const code = uniq('PEN_V');
    const created = await createIndicator(db, SYSTEM, { code, name: '普及率', unit: '%', direction: 'higher', numeratorElementId: users, denominatorElementId: households, factor: 100 });
    const changed = await updateIndicator(db, SYSTEM, created.id, { version: created.version, denominatorElementId: population, name: '人口普及率', validFrom: '2014-03-01', reason: '改用常住人口' });
    expect(changed.versions.map((x) => [x.number, x.validFrom])).toEqual([
      [1, null],
      [2, '2014-03-01'],
    ]);
    const cells = await queryIndicator(db.kysely, { indicator: code, divisionCodes: [T1], periods: ['2014M02', '2014M03'] });
    expect(cells[0]).toMatchObject({ numerator: 54, denominator: 110 });
    expect(cells[1]).toMatchObject({ numerator: 60, denominator: 330 });
    const [old] = await queryIndicator(db.kysely, { indicator: code, divisionCodes: [T1], periods: ['2014M03'], version: 1 });
    expect(old).toMatchObject({ numerator: 60, denominator: 110 });
    await expect(updateIndicator(db, SYSTEM, created.id, { version: changed.version, factor: 1000, validFrom: '2014-02-01' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: [{ field: 'validFrom' }] },
    });
    await expect(updateIndicator(db, SYSTEM, created.id, { version: created.version, factor: 1000 })).rejects.toMatchObject({ code: 'conflict' });
  });

  describe('freshness', () => {
    it('an approved value is in every aggregate at commit, and the roll-up equals a rebuild', async () => {
      const db = getDb();
      await transaction(db, (tx) =>
        recordApprovedValues(tx, [v(users, C, '2014M03', 33), v(households, C, '2014M03', 66), v(users, A, '2014M03', 52), v(speed, A, '2014M03', 25)]),
      );
      const [county] = await queryIndicator(db.kysely, { indicator: penetration, divisionCodes: [COUNTY], periods: ['2014M03'] });
      expect(county).toMatchObject({ numerator: 52 + 10 + 33, denominator: 176, contributors: 3 });
      const [s] = await queryIndicator(db.kysely, { indicator: speedInd, divisionCodes: [''], periods: ['2014M03'] });
      expect(s.value).toBeCloseTo((25 * 52 + 100 * 10) / 62, 10);
      // a weight changing alone moves the weighted mean too
      await transaction(db, (tx) => recordApprovedValues(tx, [v(users, B, '2014M03', 20)]));
      const [s2] = await queryIndicator(db.kysely, { indicator: speedInd, divisionCodes: ['43'], periods: ['2014M03'] });
      expect(s2.value).toBeCloseTo((25 * 52 + 100 * 20) / 72, 10);

      const snapshot = async () =>
        (await db.kysely.selectFrom('indicator_rollup').selectAll().where('element_id', 'in', [users, households, speed]).where('n', '>', 0).orderBy('element_id').orderBy('level').orderBy('division_key').orderBy('month').execute()).map((r) => ({
          ...r,
          total: Math.round(r.total * 1e6) / 1e6,
          weight: Math.round(r.weight * 1e6) / 1e6,
        }));
      const incremental = await snapshot();
      await transaction(db, (tx) => rebuildRollup(tx, [users, households, speed]));
      expect(await snapshot()).toEqual(incremental);
    });

    it('a rolled-back approval leaves no trace in the aggregates', async () => {
      const db = getDb();
      const before = await queryIndicator(db.kysely, { indicator: penetration, divisionCodes: [''], periods: ['2014M01'] });
      await expect(
        transaction(db, async (tx) => {
          await recordApprovedValues(tx, [v(users, A, '2014M01', 99)]);
          throw new Error('review failed');
        }),
      ).rejects.toThrow('review failed');
      expect(await queryIndicator(db.kysely, { indicator: penetration, divisionCodes: [''], periods: ['2014M01'] })).toEqual(before);
    });

    it('refuses a value at another level than its element', async () => {
      await expect(transaction(getDb(), (tx) => recordApprovedValues(tx, [v(users, COUNTY, '2014M01', 1)]))).rejects.toMatchObject({
        code: 'validation_failed',
        details: { fields: [{ field: 'values[0].divisionCode' }] },
      });
    });
  });

  it('reads by unit: only the values that unit reported', async () => {
    const db = getDb();
    const u = await db.kysely.insertInto('units').values({ name: uniq('芙蓉区数据局'), division_code: '43', kind: 'department' }).returning('id').executeTakeFirstOrThrow();
    const unitId = Number(u.id);
    const flows = await element(db, { code: uniq('INV'), temporal: 'flow' });
    await transaction(db, (tx) => recordApprovedValues(tx, [v(flows, A, '2014M01', 3, unitId), v(flows, C, '2014M01', 4, unitId), v(flows, B, '2014M01', 100)]));
    const [all] = await elementValues(db.kysely, { element: flows, divisionCodes: [COUNTY], periods: ['2014M01'] });
    expect(all.value).toBe(107);
    const [mine] = await elementValues(db.kysely, { element: flows, divisionCodes: [COUNTY], periods: ['2014M01'], unitId });
    expect(mine).toMatchObject({ value: 7, contributors: 2 });
  });

  it('answers the same for many divisions at once (index range) as for a few at a time (probes)', async () => {
    const db = getDb();
    const el = await element(db, { code: uniq('COUNTY_FLOW'), temporal: 'flow', level: 3 });
    const pp = Array.from({ length: 70 }, (_, i) => String(i + 1).padStart(2, '0'));
    await transaction(db, (tx) => recordApprovedValues(tx, pp.flatMap((p, i) => [v(el, `43${p}01`, '2014M01', i + 1), v(el, `43${p}02`, '2014M02', 100 + i)])));
    const counties = [...pp.map((p) => `43${p}01`), ...pp.map((p) => `43${p}03`)];
    const prefectures = [...pp.map((p) => `43${p}`), '4399'];
    for (const codes of [counties, prefectures]) {
      const all = await elementValues(db.kysely, { element: el, divisionCodes: codes, periods: ['2014M01', '2014Q1'] });
      const few: typeof all = [];
      for (let i = 0; i < codes.length; i += 10) few.push(...(await elementValues(db.kysely, { element: el, divisionCodes: codes.slice(i, i + 10), periods: ['2014M01', '2014Q1'] })));
      expect(all).toEqual(few);
      expect(all.filter((c) => c.value !== null).length).toBeGreaterThanOrEqual(70 * 2);
    }
    const [p5] = await elementValues(db.kysely, { element: el, divisionCodes: ['4305'], periods: ['2014Q1'] });
    expect(p5).toMatchObject({ value: 5 + 104, contributors: 1 });
  });

  it('names the bad field', async () => {
    await expect(queryIndicator(getDb().kysely, { indicator: penetration, divisionCodes: ['123'], periods: ['2014M01'] })).rejects.toMatchObject({
      details: { fields: [{ field: 'divisionCodes' }] },
    });
    await expect(queryIndicator(getDb().kysely, { indicator: penetration, divisionCodes: ['43'], periods: ['2014M13'] })).rejects.toMatchObject({
      details: { fields: [{ field: 'periods' }] },
    });
    await expect(queryIndicator(getDb().kysely, { indicator: 'NO_SUCH', divisionCodes: ['43'], periods: ['2014'] })).rejects.toMatchObject({ code: 'not_found' });
  });
});
