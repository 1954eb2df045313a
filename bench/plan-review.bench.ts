// `npm run bench plan-review [-- --items 200 --engine pglite|postgres]`: review of a large plan —
// list, filter, bulk accept, bulk assign unit, the plan's units with merge suggestions, the
// activation checklist — median of several runs each. PostgreSQL via DATABASE_URL.
import { parseArgs } from 'node:util';
import { SYSTEM } from '../src/platform/audit.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { createUnit } from '../src/divisions/unit.service.ts';
import { addItem, getItems, importPlanText } from '../src/plans/plan.service.ts';
import { activationChecklist } from '../src/plans/plan-checklist.ts';
import { bulkReview, filterItems, planUnits } from '../src/plans/plan-review.service.ts';
import { TIANHE_DIVISIONS, TIANHE_PLAN } from '../test/tracking-plan.ts';

const { values } = parseArgs({ options: { items: { type: 'string', default: '200' }, engine: { type: 'string', default: 'pglite' } } });
const n = Number(values.items);
const url = values.engine === 'postgres' ? process.env.DATABASE_URL : undefined;
if (values.engine === 'postgres' && !url) throw new Error('--engine postgres needs DATABASE_URL (an empty database)');
const db = await openDatabase(url ? { databaseUrl: url } : { dataDir: 'memory://' });
await migrate(db);
await db.kysely.insertInto('divisions').values(TIANHE_DIVISIONS).onConflict((oc) => oc.column('code').doNothing()).execute();
const registered = await createUnit(db, SYSTEM, { name: `天河区基准单位${Date.now()}`, divisionCode: '440106', kind: 'department', aliases: [] });

const { plan } = await importPlanText(db, SYSTEM, { text: TIANHE_PLAN, filename: 'bench.txt', format: 'txt', divisionCode: '440106' });
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  await addItem(db, SYSTEM, plan.id, 'task', {
    title: `重点任务${i + 1}：推进光纤到户和农村宽带建设`,
    section: `二、（${(i % 12) + 1}）`,
    leadUnits: [`区单位${i % 25}`],
    responsibleUnits: [`区单位${(i + 7) % 25}`, '各街道办事处'],
    text: `重点任务${i + 1}的原文。`,
  }, null);
}
console.log(`plan_review_setup_items: ${n} items`);
console.log(`plan_review_add_item_ms: ${((performance.now() - t0) / n).toFixed(1)} ms per item`);

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    times.push(performance.now() - s);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const tasks = async () => getItems(db, plan.id, 'task');
console.log(`plan_review_list_ms: ${(await median(7, tasks)).toFixed(0)} ms (${(await tasks()).length} tasks)`);
console.log(`plan_review_filter_ms: ${(await median(7, async () => filterItems(await tasks(), { q: '重点任务1', status: ['added'] }))).toFixed(0)} ms`);
const refs = async () => (await tasks()).map((i) => ({ id: i.id, version: i.version }));
console.log(`plan_review_bulk_accept_ms: ${(await median(5, async () => bulkReview(db, SYSTEM, plan.id, { action: 'accept', items: await refs() }))).toFixed(0)} ms (${n + 3} items, one transaction)`);
console.log(`plan_review_bulk_assign_ms: ${(await median(3, async () => bulkReview(db, SYSTEM, plan.id, { action: 'assignUnit', unitId: registered.id, role: 'responsible', items: await refs() }))).toFixed(0)} ms (${n + 3} items)`);
console.log(`plan_review_units_ms: ${(await median(5, () => planUnits(db, plan.id))).toFixed(0)} ms (${(await planUnits(db, plan.id)).units.length} units with suggestions)`);
console.log(`plan_review_checklist_ms: ${(await median(7, () => activationChecklist(db, plan.id))).toFixed(0)} ms`);
await db.close();
