// `npm run bench extract`: extraction throughput, each plan extracted on its own as a user's upload
// would be. The corpus (seeds + dev set, else the test fixtures) is repeated until it is ≥ 5 MB;
// `extract_items` must equal the sum of the single-document runs times the repetitions.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractPlan, type ExtractedPlan } from '../src/plans/extract/extract-plan.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dirs = [resolve(root, '../shared/seeds'), resolve(root, '../shared/extraction/dev/docs')].filter(existsSync);
if (!dirs.length) dirs.push(join(root, 'src/plans/extract/fixtures'));
const texts = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(d, f), 'utf8')));
if (!texts.length) {
  console.error(`no .txt plans in ${dirs.join(', ')}`);
  process.exit(1);
}
const items = (p: ExtractedPlan) => p.targets.length + p.tasks.length + p.milestones.length + p.investments.length + p.leadingGroup.length + p.reporting.length;

// Single-document runs: the reference count, and the JIT warm-up.
const single = texts.map((t) => items(extractPlan(t)));
const perCorpus = single.reduce((a, b) => a + b, 0);
const corpusBytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
const TARGET_BYTES = 5 * 1024 * 1024;
const reps = Math.ceil(TARGET_BYTES / corpusBytes);

let found = 0;
const c0 = process.cpuUsage();
const t0 = performance.now();
for (let r = 0; r < reps; r++) for (const t of texts) found += items(extractPlan(t));
const secs = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
const cpuSecs = (cpu.user + cpu.system) / 1e6;
const mb = (corpusBytes * reps) / (1024 * 1024);
if (found !== perCorpus * reps) {
  console.error(`item count differs: ${found} found, ${perCorpus * reps} expected from single-document runs`);
  process.exit(1);
}
console.log(`extract_documents: ${texts.length * reps}`);
console.log(`extract_input_mb: ${mb.toFixed(2)}`);
console.log(`extract_seconds: ${secs.toFixed(2)}`);
console.log(`extract_items: ${found}`);
console.log(`extract_items_single_runs: ${perCorpus * reps}`);
console.log(`extract_mb_per_s: ${(mb / secs).toFixed(2)}`);
// CPU time of this process (all its threads, parallel GC included, so it can exceed the wall time):
// a figure that other work on a shared machine distorts less than the wall time.
console.log(`extract_cpu_seconds: ${cpuSecs.toFixed(2)}`);
console.log(`extract_mb_per_cpu_s: ${(mb / cpuSecs).toFixed(2)}`);
