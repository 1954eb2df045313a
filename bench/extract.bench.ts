// `npm run bench extract`: extraction throughput over ≥ 5 MB of plan text.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractPlan } from '../src/plans/extract/extract-plan.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const seedDir = resolve(root, '../shared/seeds');
const fixtureDir = join(root, 'src/plans/extract/fixtures');
const dir = existsSync(seedDir) ? seedDir : fixtureDir;
const texts = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
if (!texts.length) {
  console.error(`no .txt plans in ${dir}`);
  process.exit(1);
}
const TARGET_BYTES = 5 * 1024 * 1024;
const parts: string[] = [];
let bytes = 0;
while (bytes < TARGET_BYTES) {
  for (const t of texts) {
    parts.push(t);
    bytes += Buffer.byteLength(t);
  }
}
const big = parts.join('\n\n');
const mb = Buffer.byteLength(big) / (1024 * 1024);
extractPlan(texts[0]); // warm up the JIT and regex caches
const t0 = performance.now();
const plan = extractPlan(big);
const secs = (performance.now() - t0) / 1000;
console.log(`extract_input_mb: ${mb.toFixed(2)}`);
console.log(`extract_seconds: ${secs.toFixed(2)}`);
console.log(`extract_tasks: ${plan.tasks.length}`);
console.log(`extract_mb_per_s: ${(mb / secs).toFixed(2)}`);
