#!/usr/bin/env node
// `npm test`: everything CI checks, cheapest first — type-check (server and web), lint (rules and
// import boundaries), then the unit, database and browser tiers (vitest projects, vitest.config.ts).
// Arguments go to vitest alone: `npm test -- src/plans` runs those files without the checks.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const extra = process.argv.slice(2);
if (extra.length === 0) {
  run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  run('npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']);
  run('npx', ['eslint', '--max-warnings', '0', '.']);
}
run('npx', ['vitest', 'run', ...extra]);
