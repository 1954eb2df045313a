import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { Role } from './auth.tables.ts';

export interface SessionRecord {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
  user: {
    id: number;
    username: string;
    displayName: string;
    role: Role;
    unitId: number | null;
    divisionCode: string | null;
    active: boolean;
    mustChangePassword: boolean;
  };
}

export async function insertSession(
  db: Executor,
  s: { id: string; userId: number; csrfToken: string; hours: number; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      expires_at: sql<Date>`now() + make_interval(secs => ${s.hours * 3600}::double precision)`,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .execute();
}

export async function findSession(db: Executor, id: string): Promise<SessionRecord | null> {
  const r = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.csrf_token',
      's.expires_at',
      's.last_seen_at',
      'u.id as user_id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.unit_id',
      'u.division_code',
      'u.active',
      'u.must_change_password',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    csrfToken: r.csrf_token,
    expiresAt: r.expires_at,
    lastSeenAt: r.last_seen_at,
    user: {
      id: Number(r.user_id),
      username: r.username,
      displayName: r.display_name,
      role: r.role,
      unitId: r.unit_id === null ? null : Number(r.unit_id),
      divisionCode: r.division_code,
      active: r.active,
      mustChangePassword: r.must_change_password,
    },
  };
}

/** Sliding expiry: each use pushes the end `hours` past now. */
export async function touchSession(db: Executor, id: string, hours: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({
      last_seen_at: sql<Date>`now()`,
      expires_at: sql<Date>`now() + make_interval(secs => ${hours * 3600}::double precision)`,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: Executor, userId: number, exceptId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '<>', exceptId);
  await q.execute();
}

export async function deleteExpiredSessions(db: Executor): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
  return Number(r.numDeletedRows);
}
