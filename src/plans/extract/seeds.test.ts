import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const shared = fileURLToPath(new URL('../../../../shared/extraction/score.mjs', import.meta.url));

describe('seed plans', () => {
  it.skipIf(!existsSync(shared))('score micro-F1 ≥ 0.90 and unit-assignment F1 ≥ 0.90 against the gold files', () => {
    const r = spawnSync('node', ['scripts/score-extraction.mjs', '--json'], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { microF1: number; unitAssignmentF1: number };
    expect(summary.microF1).toBeGreaterThanOrEqual(0.9);
    expect(summary.unitAssignmentF1).toBeGreaterThanOrEqual(0.9);
  });
});
