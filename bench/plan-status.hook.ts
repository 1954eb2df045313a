/**
 * The q_plan_status_ms figure of `npm run bench analytics`: a plan of 湖南 (43) with 30 targets on
 * the benchmark's indicators — 10 on the village-level ratio (the province, prefectures and
 * counties), 20 on the county-level indicators — each linked and judged at the end of 2020 with
 * its baseline read from the data. Returns the median of eleven timed planStatus calls after one
 * warm-up, in milliseconds.
 */
import { sql } from 'kysely';
import { SYSTEM } from '../src/platform/audit.ts';
import type { Db } from '../src/platform/db/database.ts';
import { findIndicator } from '../src/indicators/indicator.repository.ts';
import { planStatus } from '../src/indicators/status.service.ts';
import { saveTargetLink } from '../src/indicators/target-links.service.ts';

export async function benchPlanStatus(db: Db, ctx: { villageIndicator: string; countyIndicators: string[]; counties: string[] }): Promise<number> {
  const k = db.kysely;
  const prefectures = (await sql<{ code: string }>`select code from divisions where parent_code = '43' order by code limit 4`.execute(k)).rows.map((r) => r.code);
  const counties = ctx.counties.filter((c) => c.startsWith('43')).slice(0, 5);
  const plan = await k
    .insertInto('plans')
    .values({ title: 'bench: 湖南宽带 30 项目标', source_text: '', division_code: '43', period_start: 2019, period_end: 2020, status: 'active' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const specs: { indicator: string; division: string; baseline: string }[] = [];
  for (const d of ['43', ...prefectures, ...counties].slice(0, 10)) specs.push({ indicator: ctx.villageIndicator, division: d, baseline: '2019M01' });
  for (let i = 0; specs.length < 30; i++) {
    const divisions = ['43', ...prefectures, ...counties];
    specs.push({ indicator: ctx.countyIndicators[i % ctx.countyIndicators.length], division: divisions[i % divisions.length], baseline: '2014' });
  }
  let ord = 0;
  for (const s of specs) {
    const indicator = await findIndicator(k, s.indicator);
    if (!indicator) throw new Error(`bench indicator ${s.indicator} missing`);
    const item = await k
      .insertInto('plan_items')
      .values({
        plan_id: plan.id,
        kind: 'target',
        ord: ord++,
        data: JSON.stringify({ indicator: indicator.definition.name, scope: null, value: 90, unit: '%', comparator: '>=', deadline: '2022', baseline: null, text: '' }),
        review_status: 'accepted',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await saveTargetLink(db, SYSTEM, Number(plan.id), Number(item.id), { indicatorId: indicator.id, divisionCode: s.division, baseline: { value: null, at: s.baseline } });
  }
  await planStatus(db, Number(plan.id), { asOf: '2020-12-31' });
  const times: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t = performance.now();
    const r = await planStatus(db, Number(plan.id), { asOf: '2020-12-31' });
    times.push(performance.now() - t);
    if (r.targets.length !== 30 || r.targets.some((x) => x.status === 'no_data')) {
      throw new Error(`bench plan status: expected 30 judged targets, got ${r.targets.map((x) => `${x.status}/${x.reason}`).join(', ')}`);
    }
  }
  return times.sort((a, b) => a - b)[5];
}
