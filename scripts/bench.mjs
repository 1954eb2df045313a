#!/usr/bin/env node
// `npm run bench NAME [-- args]`: runs bench/NAME.bench.ts, which prints `name: value unit` lines.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const [name, ...args] = process.argv.slice(2);
const available = readdirSync(new URL('../bench', import.meta.url)).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', ''));
if (!name || !existsSync(new URL(`../bench/${name}.bench.ts`, import.meta.url))) {
  console.error(`usage: npm run bench <name> [-- options]\navailable: ${available.join(', ')}`);
  process.exit(2);
}
const r = spawnSync('node', ['--import', 'tsx', `bench/${name}.bench.ts`, ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
