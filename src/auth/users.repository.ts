import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { Role } from './auth.tables.ts';

/** A user as the rest of the code sees it. The password hash never leaves this file except via `findCredentials`. */
export interface User {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  unitId: number | null;
  divisionCode: string | null;
  active: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  mustChangePassword: boolean;
  passwordChangedAt: Date;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

const COLUMNS = [
  'id',
  'username',
  'display_name',
  'email',
  'role',
  'unit_id',
  'division_code',
  'active',
  'failed_logins',
  'locked_until',
  'must_change_password',
  'password_changed_at',
  'last_login_at',
  'created_at',
  'updated_at',
  'version',
] as const;

interface Row {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  role: Role;
  unit_id: number | null;
  division_code: string | null;
  active: boolean;
  failed_logins: number;
  locked_until: Date | null;
  must_change_password: boolean;
  password_changed_at: Date;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const toUser = (r: Row): User => ({
  id: Number(r.id),
  username: r.username,
  displayName: r.display_name,
  email: r.email,
  role: r.role,
  unitId: r.unit_id === null ? null : Number(r.unit_id),
  divisionCode: r.division_code,
  active: r.active,
  failedLogins: r.failed_logins,
  lockedUntil: r.locked_until,
  mustChangePassword: r.must_change_password,
  passwordChangedAt: r.password_changed_at,
  lastLoginAt: r.last_login_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

export async function findUserById(db: Executor, id: number): Promise<User | null> {
  const r = await db.selectFrom('users').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function findUserByUsername(db: Executor, username: string): Promise<User | null> {
  const r = await db.selectFrom('users').select(COLUMNS).where('username', '=', username).executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function findPasswordHash(db: Executor, id: number): Promise<string | null> {
  const r = await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst();
  return r?.password_hash ?? null;
}

export interface NewUser {
  username: string;
  displayName: string;
  email: string | null;
  passwordHash: string;
  role: Role;
  unitId: number | null;
  divisionCode: string | null;
  mustChangePassword: boolean;
}

export async function insertUser(db: Executor, u: NewUser): Promise<User> {
  const r = await db
    .insertInto('users')
    .values({
      username: u.username,
      display_name: u.displayName,
      email: u.email,
      password_hash: u.passwordHash,
      role: u.role,
      unit_id: u.unitId,
      division_code: u.divisionCode,
      must_change_password: u.mustChangePassword,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toUser(r);
}

export interface UserChanges {
  displayName?: string;
  email?: string | null;
  role?: Role;
  unitId?: number | null;
  divisionCode?: string | null;
  active?: boolean;
  passwordHash?: string;
  mustChangePassword?: boolean;
  unlock?: boolean;
}

/** Applies the changes and bumps the version; returns null when the row does not exist. */
export async function updateUser(db: Executor, id: number, c: UserChanges): Promise<User | null> {
  const r = await db
    .updateTable('users')
    .set({
      ...(c.displayName !== undefined && { display_name: c.displayName }),
      ...(c.email !== undefined && { email: c.email }),
      ...(c.role !== undefined && { role: c.role }),
      ...(c.unitId !== undefined && { unit_id: c.unitId }),
      ...(c.divisionCode !== undefined && { division_code: c.divisionCode }),
      ...(c.active !== undefined && { active: c.active }),
      ...(c.passwordHash !== undefined && { password_hash: c.passwordHash, password_changed_at: sql<Date>`now()` }),
      ...(c.mustChangePassword !== undefined && { must_change_password: c.mustChangePassword }),
      ...(c.unlock && { failed_logins: 0, locked_until: null }),
      updated_at: sql<Date>`now()`,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst();
  return r ? toUser(r) : null;
}

/**
 * Counts one more consecutive failure atomically; when it reaches `maxFailures` the account is
 * locked for `lockMinutes` and the counter restarts. Returns the new state.
 */
export async function recordLoginFailure(
  db: Executor,
  id: number,
  maxFailures: number,
  lockMinutes: number,
): Promise<{ failedLogins: number; lockedUntil: Date | null; locked: boolean }> {
  const r = await db
    .updateTable('users')
    .set({
      failed_logins: sql<number>`case when failed_logins + 1 >= ${maxFailures} then 0 else failed_logins + 1 end`,
      locked_until: sql<Date | null>`case when failed_logins + 1 >= ${maxFailures}
        then now() + make_interval(mins => ${lockMinutes}::int) else locked_until end`,
    })
    .where('id', '=', id)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirstOrThrow();
  const locked = r.failed_logins === 0 && r.locked_until !== null && r.locked_until.getTime() > Date.now();
  return { failedLogins: r.failed_logins, lockedUntil: r.locked_until, locked };
}

export async function recordLoginSuccess(db: Executor, id: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, last_login_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export interface UserFilter {
  role?: Role;
  unitId?: number;
  divisionCode?: string;
  active?: boolean;
  q?: string;
}

export async function listUsers(
  db: Executor,
  f: UserFilter,
  page: number,
  pageSize: number,
): Promise<{ items: User[]; total: number }> {
  let q = db.selectFrom('users');
  if (f.role) q = q.where('role', '=', f.role);
  if (f.unitId !== undefined) q = q.where('unit_id', '=', f.unitId);
  if (f.divisionCode) q = q.where('division_code', '=', f.divisionCode);
  if (f.active !== undefined) q = q.where('active', '=', f.active);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('username', 'ilike', like), eb('display_name', 'ilike', like)]));
  }
  const [rows, count] = await Promise.all([
    q
      .select(COLUMNS)
      .orderBy('username')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toUser), total: Number(count.n) };
}

export async function countActiveAdmins(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function unitExists(db: Executor, id: number): Promise<boolean> {
  return !!(await db.selectFrom('units').select('id').where('id', '=', id).executeTakeFirst());
}

export async function divisionExists(db: Executor, code: string): Promise<boolean> {
  return !!(await db.selectFrom('divisions').select('code').where('code', '=', code).executeTakeFirst());
}
