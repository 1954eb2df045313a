import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/db.ts';
import { SYSTEM } from '../platform/audit.ts';
import { planOnlyReadings } from '../briefings/briefing.assemble.ts';
import { itemTitle, type KindAndData } from './plan-item.schemas.ts';
import { getItems, getPlan, importPlanDocument, importPlanText, reviewItem } from './plan.service.ts';

const seed = (name: string) => readFileSync(new URL(`../../examples/plans/${name}`, import.meta.url), 'utf8');

describe('itemTitle', () => {
  const task = (title: string, leadUnits: string[], text: string): KindAndData => ({ kind: 'task', data: { title, section: null, leadUnits, responsibleUnits: [], text } });
  it('gives one title per kind, completing a task headed by its unit alone', () => {
    expect(itemTitle(task('建设智慧海北平台', ['州经信委'], '全面建设。'))).toBe('建设智慧海北平台');
    expect(itemTitle(task('电信海北分公司', ['电信海北分公司'], '2014年争取落实投资2亿元，重点包括农村信息化工程。'))).toBe('电信海北分公司：2014年争取落实投资2亿元');
    expect(itemTitle({ kind: 'milestone', data: { task: '光纤入户', due: '2015', text: '完成规划编制并报州政府审定，同时开展试点' } })).toBe('完成规划编制并报州政府审定');
    expect(itemTitle({ kind: 'milestone', data: { task: '光纤入户', due: '2015', text: '' } })).toBe('光纤入户');
    expect(itemTitle({ kind: 'target', data: { indicator: '固定宽带家庭普及率', scope: null, value: 40, unit: '%', comparator: '>=', deadline: '2015', text: '' } })).toBe('固定宽带家庭普及率');
  });
});

describeEachEngine('plan import: one transaction, batched, milestones under their tasks', (getDb) => {
  beforeAll(async () => {
    await getDb()
      .kysely.insertInto('divisions')
      .values([{ code: '44', name: '广东省', level: 1, parent_code: null, full_name: '广东省' }])
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  });

  const counts = async () => {
    const db = getDb().kysely;
    const n = async (table: 'plans' | 'plan_items' | 'plan_item_units' | 'units' | 'audit_log') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { plans: await n('plans'), items: await n('plan_items'), itemUnits: await n('plan_item_units'), units: await n('units'), audit: await n('audit_log') };
  };

  it('ties each nested milestone to its task by parent_id, which the briefing follows after the task is retitled', async () => {
    const db = getDb();
    const { plan } = await importPlanText(db, SYSTEM, { text: seed('001_927e1361b83340dc.txt'), filename: '001.txt', format: 'txt', divisionCode: '44' });
    const tasks = await getItems(db, plan.id, 'task');
    const milestones = await getItems(db, plan.id, 'milestone');
    const nested = milestones.filter((m) => m.data.task);
    expect(nested.length).toBeGreaterThan(10);
    for (const m of nested) expect(tasks.find((t) => t.id === m.parentId)?.data.title).toBe(m.data.task);
    expect(milestones.filter((m) => !m.data.task).every((m) => m.parentId === null)).toBe(true);

    // The office renames a task: its milestones still belong to it (matching by title lost them).
    const m = nested.find((x) => tasks.find((t) => t.id === x.parentId)!.units.length > 0)!;
    const task = tasks.find((t) => t.id === m.parentId)!;
    await reviewItem(db, SYSTEM, plan.id, task.id, { version: task.version, data: { ...task.data, title: `${task.data.title}（改）` } });
    const readings = await planOnlyReadings(db.kysely, await getPlan(db, plan.id));
    const reading = readings.tasks.find((t) => t.itemId === m.id)!;
    expect(reading.units.length).toBeGreaterThan(0);
    expect(reading.units).toEqual(task.units.filter((u) => u.role === 'lead' || u.role === 'responsible').map((u) => u.unitName ?? u.nameAsWritten));
  });

  it('lands whole or not at all: a failure after the items are written leaves no plan, item, unit or audit row', async () => {
    const db = getDb();
    const before = await counts();
    // A real failure inside the transaction, after the plan, its items and its proposed units are written.
    await sql`create or replace function test_refuse_item_units() returns trigger language plpgsql as $$ begin raise exception 'refused by test'; end $$`.execute(db.kysely);
    await sql`create trigger test_refuse_item_units before insert on plan_item_units for each statement execute function test_refuse_item_units()`.execute(db.kysely);
    try {
      await expect(importPlanText(db, SYSTEM, { text: seed('001_927e1361b83340dc.txt'), filename: 'fail.txt', format: 'txt', divisionCode: '44' })).rejects.toThrow(/refused by test/);
    } finally {
      await sql`drop trigger test_refuse_item_units on plan_item_units`.execute(db.kysely);
    }
    expect(await counts()).toEqual(before);
  });

  it('imports a document from its bytes (convert, extract, store); a bad document stores nothing', async () => {
    const db = getDb();
    const text = seed('000_a21303be5ef81ba7.txt');
    const r = await importPlanDocument(db, SYSTEM, { bytes: new TextEncoder().encode(text), filename: '000.txt', divisionCode: '44' });
    expect(r.plan.sourceFormat).toBe('txt');
    expect(r.plan.docNumber).toBe('北政办〔2014〕11号');
    expect(r.counts.task).toBe((await getItems(db, r.plan.id, 'task')).length);
    const before = await counts();
    await expect(importPlanDocument(db, SYSTEM, { bytes: new Uint8Array([1, 2, 3]), filename: 'x.exe', divisionCode: '44' })).rejects.toMatchObject({ code: 'unsupported_media_type' });
    await expect(importPlanDocument(db, SYSTEM, { bytes: new TextEncoder().encode('今天天气很好。'), filename: 'x.txt', divisionCode: '44' })).rejects.toMatchObject({ code: 'unprocessable' });
    expect(await counts()).toEqual(before);
  });
});
