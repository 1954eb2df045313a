#!/usr/bin/env node
// Runs the plan extractor over a folder of seed plans and scores it against the gold files.
// Usage: node scripts/score-extraction.mjs [SEEDS_DIR] [--verbose] [--json]
//   SEEDS_DIR defaults to ../shared/seeds (relative to the repo root); gold is SEEDS_DIR/../extraction/gold.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname, basename } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const seeds = resolve(root, args.find((a) => !a.startsWith('--')) ?? '../shared/seeds');
const extraction = resolve(seeds, '../extraction');
const gold = join(extraction, 'gold');
if (!existsSync(seeds) || !existsSync(gold)) {
  console.error(`seeds or gold not found: ${seeds}, ${gold}`);
  process.exit(2);
}
const { extractPlan } = await import(join(root, 'src/plans/extract/extract-plan.ts'));
const out = mkdtempSync(join(tmpdir(), 'luoshi-extract-'));
try {
  for (const f of readdirSync(seeds).filter((f) => f.endsWith('.txt')).sort()) {
    const plan = extractPlan(readFileSync(join(seeds, f), 'utf8'));
    delete plan.sourceText;
    writeFileSync(join(out, basename(f, '.txt') + '.json'), JSON.stringify(plan, null, 2));
  }
  const r = spawnSync('node', [join(extraction, 'score.mjs'), out, gold, ...flags], { encoding: 'utf8' });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.status ?? 1;
} finally {
  if (!process.env.KEEP_EXTRACT_OUT) rmSync(out, { recursive: true, force: true });
  else console.error(`predictions kept in ${out}`);
}
