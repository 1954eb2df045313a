/**
 * Builders for the rows most tests need: divisions (the 海北 scenario), units and users. Each call
 * makes unique names, so suites that share one database (describeEachEngine) never collide.
 * Reporting rows (data elements, forms, periods) are in test/reporting-fixtures.ts.
 */
import type { Db } from '../src/platform/db/database.ts';
import { createUser } from './app.ts';
import { HAIBEI_COUNTIES, seedHaibei, uniq } from './reporting-fixtures.ts';

export { createUser as user, HAIBEI_COUNTIES, uniq };

/** 青海 → 海北州 → its four counties, and 西宁 (idempotent). */
export const haibei = seedHaibei;

type DivisionRow = { code: string; name: string; level: number; parent_code: string | null; full_name: string };

/** Divisions as given (idempotent: an existing code is kept). */
export async function divisions(db: Db, rows: DivisionRow[]): Promise<void> {
  await db.kysely.insertInto('divisions').values(rows).onConflict((oc) => oc.column('code').doNothing()).execute();
}

/** A unit in a division (default 海北州), with a unique name unless one is given. */
export async function unit(
  db: Db,
  opts: { name?: string; divisionCode?: string; kind?: 'department' | 'government' | 'company' | 'group' | 'other' } = {},
): Promise<{ id: number; name: string; divisionCode: string }> {
  const divisionCode = opts.divisionCode ?? '6322';
  if (divisionCode.startsWith('63')) await seedHaibei(db);
  const name = opts.name ?? uniq('测试单位');
  const r = await db.kysely
    .insertInto('units')
    .values({ name, division_code: divisionCode, kind: opts.kind ?? 'department' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(r.id), name, divisionCode };
}

/** An admin, a reporter of a fresh 海北 unit and a viewer of 海北: the usual cast of a route test. */
export async function cast(db: Db): Promise<{
  admin: Awaited<ReturnType<typeof createUser>>;
  reporter: Awaited<ReturnType<typeof createUser>> & { unitId: number };
  viewer: Awaited<ReturnType<typeof createUser>>;
}> {
  const u = await unit(db);
  return {
    admin: await createUser(db, { role: 'admin' }),
    reporter: { ...(await createUser(db, { role: 'reporter', unitId: u.id })), unitId: u.id },
    viewer: await createUser(db, { role: 'viewer', divisionCode: '6322' }),
  };
}
