/**
 * A small monitored province for the status, ranking and index tests, with figures easy to
 * check by hand:
 *   43 湖南 → prefectures 4301 长沙, 4302 株洲, 4303 湘潭 (one county each: 430102, 430202, 430302),
 *   4304 衡阳 (no data). Every county has 100 households and 100 administrative villages.
 *   固定宽带家庭用户数 (stock)      2013M12: 40 / 40 / 40   2014M06: 42 each   2014M12: 44 / 50 / 38
 *   通宽带行政村数 (stock)          2013M12: 95 each        2014M12: 96 each
 *   信息消费额 (flow, 亿元)          5 per county per month in 2014 (year: 180), and in 2015M01–M03
 *   平均下载速率 (Mbit/s, weighted by users) 2014M12: 10 / 20 / 5
 * Unit 湖南电信 reports counties 430102 and 430202, 湖南移动 reports 430302.
 */
import { SYSTEM } from '../platform/audit.ts';
import { type Db, transaction } from '../platform/db/database.ts';
import { createIndicator } from './indicator.service.ts';
import { type ApprovedValue, recordApprovedValues } from './values.service.ts';

export interface Fixture {
  indicators: { fixed: number; villages: number; spend: number; speed: number };
  codes: { fixed: string; villages: string; spend: string; speed: string };
  units: { telecom: number; mobile: number };
  elements: { users: number; households: number };
}

let seq = 0;

async function element(db: Db, code: string, o: { temporal: 'stock' | 'flow'; spatial?: 'sum' | 'weighted'; weight?: number }): Promise<number> {
  const r = await db.kysely
    .insertInto('data_elements')
    .values({ code, name: code, value_type: 'number', temporal: o.temporal, spatial: o.spatial ?? 'sum', weight_element_id: o.weight ?? null, division_level: 3, period_type: 'M' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function monitoredProvince(db: Db): Promise<Fixture> {
  const s = `${process.pid}_${++seq}`;
  await db.kysely
    .insertInto('divisions')
    .values([
      { code: '43', name: '湖南省', level: 1, parent_code: null, full_name: '湖南省' },
      { code: '4301', name: '长沙市', level: 2, parent_code: '43', full_name: '湖南省长沙市' },
      { code: '4302', name: '株洲市', level: 2, parent_code: '43', full_name: '湖南省株洲市' },
      { code: '4303', name: '湘潭市', level: 2, parent_code: '43', full_name: '湖南省湘潭市' },
      { code: '4304', name: '衡阳市', level: 2, parent_code: '43', full_name: '湖南省衡阳市' },
      { code: '430102', name: '芙蓉区', level: 3, parent_code: '4301', full_name: '湖南省长沙市芙蓉区' },
      { code: '430202', name: '荷塘区', level: 3, parent_code: '4302', full_name: '湖南省株洲市荷塘区' },
      { code: '430302', name: '雨湖区', level: 3, parent_code: '4303', full_name: '湖南省湘潭市雨湖区' },
      { code: '63', name: '青海省', level: 1, parent_code: null, full_name: '青海省' },
    ])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const unit = async (name: string) =>
    Number((await db.kysely.insertInto('units').values({ name: `${name}${s}`, division_code: '43', kind: 'company' }).returning('id').executeTakeFirstOrThrow()).id);
  const units = { telecom: await unit('湖南电信'), mobile: await unit('湖南移动') };

  const users = await element(db, `hh_bb_${s}`, { temporal: 'stock' });
  const households = await element(db, `hh_${s}`, { temporal: 'stock' });
  const vilBb = await element(db, `vil_bb_${s}`, { temporal: 'stock' });
  const vil = await element(db, `vil_${s}`, { temporal: 'stock' });
  const spend = await element(db, `spend_${s}`, { temporal: 'flow' });
  const speed = await element(db, `speed_${s}`, { temporal: 'stock', spatial: 'weighted', weight: users });

  const codes = { fixed: `FIXED_${s}`, villages: `VILLAGES_${s}`, spend: `SPEND_${s}`, speed: `SPEED_${s}` };
  const mk = async (code: string, name: string, unit: string, num: number, den: number | null, factor: number) =>
    (await createIndicator(db, SYSTEM, { code, name, unit, direction: 'higher', numeratorElementId: num, denominatorElementId: den, factor })).id;
  const indicators = {
    fixed: await mk(codes.fixed, `固定宽带家庭普及率${s}`, '%', users, households, 100),
    villages: await mk(codes.villages, `行政村通宽带比例${s}`, '%', vilBb, vil, 100),
    spend: await mk(codes.spend, `信息消费规模${s}`, '亿元', spend, null, 1),
    speed: await mk(codes.speed, `固定宽带平均下载速率${s}`, 'Mbit/s', speed, null, 1),
  };

  const counties = ['430102', '430202', '430302'];
  const unitOf = (c: string) => (c === '430302' ? units.mobile : units.telecom);
  const values: ApprovedValue[] = [];
  const put = (el: number, c: string, period: string, value: number) => values.push({ elementId: el, divisionCode: c, period, value, unitId: unitOf(c), submissionId: null });
  counties.forEach((c, i) => {
    for (const p of ['2013M12', '2014M06', '2014M12']) put(households, c, p, 100);
    for (const p of ['2013M12', '2014M12']) put(vil, c, p, 100);
    put(users, c, '2013M12', 40);
    put(users, c, '2014M06', 42);
    put(users, c, '2014M12', [44, 50, 38][i]);
    put(vilBb, c, '2013M12', 95);
    put(vilBb, c, '2014M12', 96);
    for (let m = 1; m <= 12; m++) put(spend, c, `2014M${String(m).padStart(2, '0')}`, 5);
    for (let m = 1; m <= 3; m++) put(spend, c, `2015M0${m}`, 5);
    put(speed, c, '2014M12', [10, 20, 5][i]);
  });
  await transaction(db, (tx) => recordApprovedValues(tx, values));
  return { indicators, codes, units, elements: { users, households } };
}

/** An active plan of 湖南 for 2014–2015 with the given items; returns the item ids by key. */
export async function planWithItems(
  db: Db,
  items: { key: string; kind: 'target' | 'task' | 'milestone'; data: Record<string, unknown>; parent?: string; units?: number[] }[],
  o: { divisionCode?: string; title?: string } = {},
): Promise<{ planId: number; ids: Record<string, number> }> {
  const plan = await db.kysely
    .insertInto('plans')
    .values({ title: o.title ?? `湖南宽带方案 ${++seq}`, source_text: '', division_code: o.divisionCode ?? '43', period_start: 2014, period_end: 2015, status: 'active' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids: Record<string, number> = {};
  let ord = 0;
  for (const it of items) {
    const r = await db.kysely
      .insertInto('plan_items')
      .values({ plan_id: plan.id, kind: it.kind, ord: ord++, data: JSON.stringify({ text: '', ...it.data }), parent_id: it.parent ? ids[it.parent] : null, review_status: 'accepted' })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[it.key] = Number(r.id);
    for (const u of it.units ?? []) {
      await db.kysely.insertInto('plan_item_units').values({ item_id: r.id, role: 'lead', name_as_written: `单位${u}`, unit_id: u }).execute();
    }
  }
  return { planId: Number(plan.id), ids };
}

/** A progress report of a unit on items, in a submission of the given status. */
export async function reportProgress(
  db: Db,
  unitId: number,
  period: string,
  status: 'draft' | 'submitted' | 'approved',
  entries: { itemId: number; status: 'not_started' | 'in_progress' | 'done' | 'behind' | 'blocked'; percent: number | null }[],
  submittedAt = new Date(),
): Promise<void> {
  const form = await db.kysely
    .insertInto('forms')
    .values({ code: `F${process.pid}-${++seq}`, name: '进度', period_type: 'Q', due_rule: JSON.stringify({ kind: 'offset', days: 10 }), starts_on: '2014-01-01', ends_on: '2015-12-31' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sub = await db.kysely
    .insertInto('submissions')
    .values({ form_id: form.id, unit_id: unitId, period, status, submitted_at: status === 'draft' ? null : submittedAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.kysely
    .insertInto('progress_entries')
    .values(entries.map((e) => ({ submission_id: sub.id, item_id: e.itemId, status: e.status, percent: e.percent })))
    .execute();
}
