import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** Lints source text as if it were the file at `filePath` (which need not exist). */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ overrideConfig: { rules: { '@typescript-eslint/no-unused-vars': 'off' } } });
  const [r] = await eslint.lintText(code, { filePath });
  return r!.messages.filter((m) => m.ruleId === 'luoshi/boundaries').map((m) => m.message);
}

describe('import boundaries (eslint.config.js)', () => {
  it('fails planted violations: web → server, domain → other domain tables, kernel → domain, platform → domain, web → Node', async () => {
    expect(await boundaryErrors('src/web/pages/plans/Planted.tsx', "import { listPlans } from '../../../plans/plan.repository.ts';\nexport const x = listPlans;\n")).toEqual([
      expect.stringContaining('web imports no server code'),
    ]);
    expect(await boundaryErrors('src/web/pages/plans/Planted.tsx', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toEqual([
      expect.stringContaining('cannot use the Node module "node:fs"'),
    ]);
    expect(await boundaryErrors('src/briefings/planted.ts', "import { listPlans } from '../plans/plan.repository.ts';\nexport const x = listPlans;\n")).toEqual([
      expect.stringContaining("not its tables or SQL (plan.repository.ts)"),
    ]);
    expect(await boundaryErrors('src/kernel/planted.ts', "import { getPlan } from '../plans/plan.service.ts';\nexport const x = getPlan;\n")).toEqual([
      expect.stringContaining('src/kernel imports no domain'),
    ]);
    expect(await boundaryErrors('src/platform/planted.ts', "import { getPlan } from '../plans/plan.service.ts';\nexport const x = getPlan;\n")).toEqual([
      expect.stringContaining('src/platform imports no domain'),
    ]);
    expect(await boundaryErrors('src/plans/planted.ts', "import { buildApp } from '../app/app.ts';\nexport const x = buildApp;\n")).toEqual([
      expect.stringContaining('only the CLI starts the composition root'),
    ]);
  }, 60_000);

  it('lets through what the rules allow: a service of another domain, the kernel, the generated API types', async () => {
    expect(await boundaryErrors('src/briefings/planted.ts', "import { getPlan } from '../plans/plan.service.ts';\nimport { today } from '../kernel/clock.ts';\nexport const x = [getPlan, today];\n")).toEqual([]);
    expect(await boundaryErrors('src/app/planted.ts', "import type { PlanTables } from '../plans/plans.tables.ts';\nexport type X = PlanTables;\n")).toEqual([]);
    expect(await boundaryErrors('src/web/pages/plans/Planted.tsx', "import type { Reply } from '../../api/contract.ts';\nimport { today } from '../../../kernel/clock.ts';\nexport type X = Reply<'/api/plans'>;\nexport const y = today;\n")).toEqual([]);
  }, 60_000);
});
