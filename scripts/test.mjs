#!/usr/bin/env node
// `npm test`: the whole suite. Type-check first (cheap, catches what tests cannot), then vitest
// over unit, database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set) and browser tests.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const extra = process.argv.slice(2);
if (extra.length === 0) run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
run('npx', ['vitest', 'run', ...extra]);
