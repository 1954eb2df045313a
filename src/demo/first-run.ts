import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createUser } from '../auth/users.service.ts';
import { loadDivisions } from '../divisions/division.loader.ts';
import { resolveUnitName } from '../divisions/unit.service.ts';
import { type Actor, SYSTEM } from '../platform/audit.ts';
import type { Db } from '../platform/db/database.ts';
import { activatePlan, addItem, getPlan, importPlanText } from '../plans/plan.service.ts';
import { publish } from '../publishing/publication.service.ts';
import { configureClock } from '../kernel/clock.ts';
import { CLOCK_TODAY, setSetting } from '../platform/settings.repository.ts';
import { buildDemoReports } from './demo-reports.ts';
import { retitleHaibeiTasks, reviewNationalPlan } from './demo-review.ts';
import { DEMO_SETTING } from './demo-clock.ts';
import { DEMO_ADDED_TARGETS, DEMO_PROVINCES, DEMO_TODAY, EXAMPLE_PLANS, NATIONAL_PLAN, readExamplePlan } from './example-plans.ts';

const DEMO: Actor = { ...SYSTEM, name: 'demo' };
const DEMO_PUBLISHED_PLAN_DIVISIONS = ['63', '6322', '43'];
const DEMO_PUBLISHED_INDICATORS = ['FBB_HH_PEN', 'MBB_PEN', 'VILLAGE_BB_RATE', 'INTERNET_PEN'];

export interface DemoAccount {
  username: string;
  role: string;
  password: string;
  scope: string;
}

/** True when nothing has been written through the application yet (no user exists). */
export async function isFreshDatabase(db: Db): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*)::int as n from users`.execute(db.kysely);
  return r.rows[0].n === 0;
}

function demoPassword(): string {
  // Readable but strong enough for the password rules: letters, digits and a symbol.
  return `Demo-${randomBytes(6).toString('base64url')}-${Math.floor(Math.random() * 90 + 10)}`;
}

/**
 * Builds the demo: divisions of 青海, 湖南 and 广东, the five example plans imported and
 * activated (their units proposed), and one account per role. Returns the accounts so the caller
 * can print them once.
 */
export async function buildDemo(db: Db, log: (m: string) => void): Promise<DemoAccount[]> {
  const started = Date.now();
  // The story is told as of its own today, declared before anything is written so that every
  // "today" of the replay (locks, unlocks, due lists) is the story's; the server reads the
  // setting at its next start, and this process is configured now.
  await setSetting(db.kysely, CLOCK_TODAY, DEMO_TODAY);
  await setSetting(db.kysely, DEMO_SETTING, { today: DEMO_TODAY });
  configureClock({ today: DEMO_TODAY });
  log(`demo: the system's today is ${DEMO_TODAY} (app_settings ${CLOCK_TODAY})`);
  log(`demo: loading divisions of ${DEMO_PROVINCES.join(', ')}…`);
  await loadDivisions(db, { provinces: DEMO_PROVINCES });
  {
    const { plan } = await importPlanText(db, DEMO, { text: readExamplePlan(NATIONAL_PLAN.file), filename: NATIONAL_PLAN.file, format: 'txt', divisionCode: NATIONAL_PLAN.importUnder });
    await reviewNationalPlan(db, DEMO, plan.id);
    await activatePlan(db, DEMO, plan.id, (await getPlan(db, plan.id)).version);
    log(`demo: imported ${plan.title} (national)`);
  }
  for (const p of EXAMPLE_PLANS) {
    const { plan } = await importPlanText(db, DEMO, { text: readExamplePlan(p.file), filename: p.file, format: 'txt', divisionCode: p.divisionCode });
    for (const t of DEMO_ADDED_TARGETS[p.file] ?? []) {
      await addItem(db, DEMO, plan.id, 'target', { ...t, scope: null, comparator: '>=', baseline: null }, null);
    }
    if (p.divisionCode === '6322') await retitleHaibeiTasks(db, DEMO, plan.id);
    await activatePlan(db, DEMO, plan.id, (await getPlan(db, plan.id)).version);
    log(`demo: imported ${plan.title}`);
  }
  // Accounts first: the replayed reports are saved by the demo reporter and approved by the
  // demo admin, so the audit trail and "submitted by" read as they would in real use.
  const reporterUnit = (await resolveUnitName(db, '州统计局', { divisionCode: '6322' })).unit;
  const accounts: DemoAccount[] = [];
  const make = async (username: string, role: 'admin' | 'leader' | 'viewer' | 'reporter', displayName: string, scope: { unitId?: number; divisionCode?: string }, scopeText: string) => {
    const password = demoPassword();
    const { user } = await createUser(db, DEMO, { username, role, displayName, password, mustChangePassword: true, ...scope });
    accounts.push({ username, role, password, scope: scopeText });
    return { id: user.id, role, unitId: scope.unitId ?? null, divisionCode: scope.divisionCode ?? null };
  };
  const admin = await make('admin', 'admin', '领导小组办公室', {}, '全部 / everything');
  await make('leader', 'leader', '分管领导', {}, '只读全部 / reads everything');
  await make('viewer', 'viewer', '海北州查看员', { divisionCode: '6322' }, '海北藏族自治州 (6322)');
  const reporter = reporterUnit ? await make('reporter', 'reporter', '州统计局填报员', { unitId: reporterUnit.id }, `${reporterUnit.name} (unit ${reporterUnit.id})`) : null;
  const office: Actor = { ...DEMO, id: admin.id, name: 'admin' };
  await buildDemoReports(db, { admin: office, adminUser: admin, reporter, reporterUnitId: reporterUnit?.id ?? null }, log, DEMO_PROVINCES);
  // The office publishes the provincial and 海北 plans and the main indicators; 清远's two plans
  // stay internal, so the portal shows what publication control does.
  const plans = await db.kysely.selectFrom('plans').select(['id', 'division_code']).where('status', '=', 'active').execute();
  for (const p of plans) if (p.division_code && DEMO_PUBLISHED_PLAN_DIVISIONS.includes(p.division_code)) await publish(db, office, 'plan', String(p.id), {});
  for (const code of DEMO_PUBLISHED_INDICATORS) await publish(db, office, 'indicator', code, { lowestLevel: 3 });
  await publish(db, office, 'index', 'BDI', {});
  log(`demo: ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return accounts;
}

export function formatAccounts(accounts: DemoAccount[]): string {
  const lines = [
    '',
    '┌─ luoshi demo accounts (shown once — change these passwords after signing in / 请登录后修改密码)',
    ...accounts.map((a) => `│  ${a.role.padEnd(9)} ${a.username.padEnd(9)} ${a.password}   ${a.scope}`),
    '└─',
    '',
  ];
  return lines.join('\n');
}
