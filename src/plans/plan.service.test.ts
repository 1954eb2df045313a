import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/db.ts';
import { SYSTEM } from '../platform/audit.ts';
import { activatePlan, addItem, compareWithRelated, getItems, getPlan, importPlanText, isCollectiveName, relatedPlans, reviewItem } from './plan.service.ts';

const seed = (name: string) => readFileSync(new URL(`../../examples/plans/${name}`, import.meta.url), 'utf8');

it('treats collective addressees as sets, not units', () => {
  expect(isCollectiveName('各县')).toBe(true);
  expect(isCollectiveName('市农村信息化联席会议各成员单位')).toBe(true);
  expect(isCollectiveName('省有关单位')).toBe(true);
  expect(isCollectiveName('州教育局')).toBe(false);
  expect(isCollectiveName('中国电信海北分公司')).toBe(false);
});

describeEachEngine('plan import and review', (getDb) => {
  beforeAll(async () => {
    await getDb()
      .kysely.insertInto('divisions')
      .values([
        { code: '63', name: '青海省', level: 1, parent_code: null, full_name: '青海省' },
        { code: '6322', name: '海北藏族自治州', level: 2, parent_code: '63', full_name: '青海省海北藏族自治州' },
      ])
      .execute();
    await getDb().kysely.insertInto('units').values({ name: '州经济和商务委员会', division_code: '6322', kind: 'department', aliases: ['州经商委'] }).execute();
  });

  it('imports a plan as a draft with items, spans, linked and proposed units', async () => {
    const db = getDb();
    const r = await importPlanText(db, SYSTEM, { text: seed('000_a21303be5ef81ba7.txt'), filename: '000.txt', format: 'txt', divisionCode: '6322' });
    expect(r.plan.status).toBe('draft');
    expect(r.plan.docNumber).toBe('北政办〔2014〕11号');
    expect(r.counts.task).toBeGreaterThan(10);
    expect(r.counts.reporting).toBeGreaterThan(0);
    // 州经商委 resolves to the existing unit by its alias; 州教育局 is proposed; 各县 is never a unit.
    const tasks = await getItems(db, r.plan.id, 'task');
    const allUnits = tasks.flatMap((t) => t.units);
    const jsw = allUnits.find((u) => u.nameAsWritten === '州经商委');
    expect(jsw?.unitName).toBe('州经济和商务委员会');
    expect(jsw?.unitStatus).toBe('active');
    expect(r.proposedUnits.map((u) => u.name)).toContain('州教育局');
    expect(allUnits.find((u) => u.nameAsWritten === '各县')?.unitId).toBeNull();
    // Every item keeps the span of the text it came from.
    const source = (await import('./plan.service.ts')).getPlanSource;
    const text = await source(db, r.plan.id);
    const first = tasks[0];
    expect(first.span).not.toBeNull();
    expect(text.slice(first.span![0], first.span![1])).toContain(String(first.data.title).slice(0, 2));
  });

  it('links a plan to the plan it implements when both are imported', async () => {
    const db = getDb();
    const child = await importPlanText(db, SYSTEM, { text: seed('000_a21303be5ef81ba7.txt'), filename: 'b.txt', format: 'txt', divisionCode: '6322' });
    const parentText = '青海省人民政府关于建设宽带青海促进信息消费的指导意见\n青政〔2013〕71号\n一、主要任务\n（一）加快宽带网络建设。到2015年，全省固定宽带家庭普及率达到40%。（牵头单位：省经济和信息化委员会）\n青海省人民政府\n2013年10月8日';
    const parent = await importPlanText(db, SYSTEM, { text: parentText, filename: 'p.txt', format: 'txt', divisionCode: '63' });
    expect(parent.plan.docNumber).toBe('青政〔2013〕71号');
    const rel = await relatedPlans(db, child.plan.id);
    expect(rel).toContainEqual(expect.objectContaining({ id: parent.plan.id, relation: 'implements' }));
    expect(await relatedPlans(db, parent.plan.id)).toContainEqual(expect.objectContaining({ id: child.plan.id, relation: 'implemented_by' }));
    // Targets on the same indicator line up across the two levels.
    await addItem(db, SYSTEM, child.plan.id, 'target', { indicator: '固定宽带家庭普及率', scope: '全州', value: 35, unit: '%', comparator: '>=', deadline: '2015', text: '' }, null);
    const cmp = await compareWithRelated(db, child.plan.id, async () => true);
    const mine = cmp.find((c) => c.target.indicator === '固定宽带家庭普及率');
    expect(mine?.counterparts.map((c) => [c.planId, c.value])).toEqual([[parent.plan.id, 40]]);
  });

  it('reviews items (edit, delete, add) with optimistic locking and audit, then activates', async () => {
    const db = getDb();
    const { plan } = await importPlanText(db, SYSTEM, { text: seed('000_a21303be5ef81ba7.txt'), filename: 'c.txt', format: 'txt', divisionCode: '6322' });
    const [inv] = await getItems(db, plan.id, 'investment');
    expect(inv).toBeDefined();
    const edited = await reviewItem(db, SYSTEM, plan.id, inv.id, { version: inv.version, data: { ...inv.data, amount: 4602 } });
    expect(edited.reviewStatus).toBe('edited');
    expect(edited.kind === 'investment' && edited.data.amount).toBe(4602);
    await expect(reviewItem(db, SYSTEM, plan.id, inv.id, { version: inv.version, decision: 'deleted' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(reviewItem(db, SYSTEM, plan.id, inv.id, { version: edited.version, data: { ...inv.data, amount: 'lots' } })).rejects.toMatchObject({ code: 'validation_failed' });
    const deleted = await reviewItem(db, SYSTEM, plan.id, inv.id, { version: edited.version, decision: 'deleted' });
    expect(deleted.reviewStatus).toBe('deleted');
    const added = await addItem(db, SYSTEM, plan.id, 'target', { indicator: '固定宽带家庭普及率', scope: '全州', value: 50, unit: '%', comparator: '>=', deadline: '2015', text: '手工补录' }, null);
    expect(added.reviewStatus).toBe('added');
    const audit = await db.kysely.selectFrom('audit_log').selectAll().where('entity', '=', 'plan_item').where('entity_id', '=', String(inv.id)).execute();
    expect(audit.map((a) => a.action)).toEqual(['update', 'delete']);

    const active = await activatePlan(db, SYSTEM, plan.id, plan.version);
    expect(active.status).toBe('active');
    expect((await getPlan(db, plan.id)).counts.target).toBe(1);
    const pending = (await getItems(db, plan.id)).filter((i) => i.reviewStatus === 'pending');
    expect(pending).toEqual([]);
    await expect(activatePlan(db, SYSTEM, plan.id, active.version)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses a text with no plan in it and stores nothing', async () => {
    const db = getDb();
    const before = await db.kysely.selectFrom('plans').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(importPlanText(db, SYSTEM, { text: '今天天气很好。', filename: 'x.txt', format: 'txt', divisionCode: '6322' })).rejects.toMatchObject({ code: 'unprocessable' });
    await expect(importPlanText(db, SYSTEM, { text: seed('000_a21303be5ef81ba7.txt'), filename: 'x.txt', format: 'txt', divisionCode: '9999' })).rejects.toMatchObject({ code: 'validation_failed' });
    const after = await db.kysely.selectFrom('plans').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
