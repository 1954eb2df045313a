#!/usr/bin/env node
// Runs the plan extractor over a folder of plans and scores it against hand-made gold files.
// Usage: node scripts/score-extraction.mjs [DIR] [--verbose] [--json] [--flatten] [--per-doc]
//   DIR laid out as DIR/docs/*.txt + DIR/gold/*.json (like ../shared/extraction/dev), or a folder
//   of .txt files whose gold is in DIR/../extraction/gold (the seeds). Default: ../shared/seeds.
//   --flatten removes every line break before extraction (text copied out of a web page or PDF).
//   Per-document scores are printed unless --json; --verbose adds every miss and extra.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname, basename } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
process.stdout.on('error', () => {}); // a closed pipe (| head) is not an error
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: node scripts/score-extraction.mjs [DIR] [--verbose] [--json] [--flatten]\n  DIR = docs/*.txt + gold/*.json, or the seeds folder (gold in ../extraction/gold)');
  process.exit(0);
}
const flags = args.filter((a) => a.startsWith('--'));
const dir = resolve(process.cwd(), args.find((a) => !a.startsWith('--')) ?? resolve(root, '../shared/seeds'));
let docs = dir, gold = join(dir, 'gold');
if (existsSync(join(dir, 'docs'))) docs = join(dir, 'docs');
else gold = resolve(dir, '../extraction/gold');
if (!existsSync(docs) || !existsSync(gold)) {
  console.error(`plans or gold not found: ${docs}, ${gold}`);
  process.exit(2);
}
const flatten = flags.includes('--flatten');
const scoreJs = resolve(root, '../shared/extraction/score.mjs');
if (!existsSync(scoreJs)) {
  console.error(`scorer not found: ${scoreJs}`);
  process.exit(2);
}
const { extractPlan } = await import(join(root, 'src/plans/extract/extract-plan.ts'));
const out = mkdtempSync(join(tmpdir(), 'luoshi-extract-'));
const scoreFlags = flags.filter((f) => f === '--json' || f === '--verbose');
const run = (pred, g, extra) => spawnSync('node', [scoreJs, pred, g, ...extra], { encoding: 'utf8' });
try {
  const names = readdirSync(docs).filter((f) => f.endsWith('.txt')).sort();
  const predDir = join(out, 'pred');
  mkdirSync(predDir);
  for (const f of names) {
    let text = readFileSync(join(docs, f), 'utf8');
    if (flatten) text = text.replace(/\s*\n\s*/g, '');
    const plan = extractPlan(text);
    delete plan.sourceText;
    writeFileSync(join(predDir, basename(f, '.txt') + '.json'), JSON.stringify(plan, null, 2));
  }
  if (!flags.includes('--json')) {
    console.log('per document                                       microF1  unitF1');
    for (const f of names) {
      const n = basename(f, '.txt');
      const g = join(gold, n + '.json');
      if (!existsSync(g)) continue;
      const r = run(join(predDir, n + '.json'), g, ['--json']);
      try {
        const s = JSON.parse(r.stdout);
        console.log(`  ${n.padEnd(48)} ${s.microF1.toFixed(3)}   ${s.unitAssignmentF1.toFixed(3)}`);
      } catch {
        console.log(`  ${n.padEnd(48)} (scorer failed: ${r.stderr.trim().split('\n')[0]})`);
      }
    }
    console.log('');
  }
  const r = run(predDir, gold, scoreFlags);
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.status ?? 1;
} finally {
  if (!process.env.KEEP_EXTRACT_OUT) rmSync(out, { recursive: true, force: true });
  else console.error(`predictions kept in ${out}`);
}
