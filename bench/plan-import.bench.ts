// `npm run bench plan-import [-- --runs 7 --engine pglite|postgres]`: storing an extracted plan
// (items, their units, basis) in one transaction — the database part of an import, extraction
// done beforehand — for the largest seed in examples/plans. PostgreSQL via DATABASE_URL.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SYSTEM } from '../src/platform/audit.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { extractPlan } from '../src/plans/extract/extract-plan.ts';
import { importPlanText } from '../src/plans/plan.service.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, engine: { type: 'string', default: 'pglite' } } });
const runs = Number(values.runs);
const url = values.engine === 'postgres' ? process.env.DATABASE_URL : undefined;
if (values.engine === 'postgres' && !url) throw new Error('--engine postgres needs DATABASE_URL (an empty database)');
const dir = new URL('../examples/plans/', import.meta.url);
const [largest] = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort((a, b) => statSync(new URL(b, dir)).size - statSync(new URL(a, dir)).size);
const text = readFileSync(new URL(largest, dir), 'utf8');
const extracted = extractPlan(text);

const db = await openDatabase(url ? { databaseUrl: url } : { dataDir: 'memory://' });
await migrate(db);
await db.kysely
  .insertInto('divisions')
  .values([{ code: '99', name: '基准省', level: 1, parent_code: null, full_name: '基准省' }])
  .onConflict((oc) => oc.column('code').doNothing())
  .execute();

const times: number[] = [];
let items = 0;
let itemUnits = 0;
for (let i = 0; i < runs; i++) {
  const s = performance.now();
  const r = await importPlanText(db, SYSTEM, { text, filename: largest, format: 'txt', divisionCode: '99', extracted });
  times.push(performance.now() - s);
  items = Object.values(r.counts).reduce((a, b) => a + b, 0);
  const u = await db.kysely
    .selectFrom('plan_item_units as u')
    .innerJoin('plan_items as i', 'i.id', 'u.item_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('i.plan_id', '=', r.plan.id)
    .executeTakeFirstOrThrow();
  itemUnits = Number(u.n);
}
times.sort((a, b) => a - b);
console.log(`plan_import_seed: ${largest} (${text.length} chars, ${items} items, ${itemUnits} item units)`);
// The first run also proposes the plan's units; later runs find them registered (hence min and median).
console.log(`plan_import_store_min_ms: ${times.length ? times[0].toFixed(0) : 0} ms (fastest run)`);
console.log(`plan_import_store_ms: ${times[Math.floor(runs / 2)].toFixed(0)} ms (median of ${runs})`);
await db.close();
