import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Db, Executor } from '../platform/db/database.ts';
import type { Config } from '../platform/env.ts';
import type { SessionUser } from '../platform/http/context.ts';
import { deleteSession, deleteUserSessions, findSession, insertSession, touchSession } from './sessions.repository.ts';

export const SESSION_COOKIE = 'luoshi_session';

/** Only a hash is stored, so a copy of the sessions table does not yield usable cookies. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Touching the session on every request would write on every read; once a minute is enough. */
const TOUCH_AFTER_MS = 60_000;

export interface LoadedSession {
  id: string;
  csrfToken: string;
  user: SessionUser;
}

export async function createSession(
  db: Db | Executor,
  config: Config,
  userId: number,
  meta: { ip?: string | null; userAgent?: string | null } = {},
): Promise<{ token: string; id: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const id = hashToken(token);
  await insertSession(executor(db), {
    id,
    userId,
    csrfToken,
    hours: config.LUOSHI_SESSION_HOURS,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
  });
  return { token, id, csrfToken };
}

/** The session for a cookie value, or null (anonymous) when unknown, expired or the user is inactive. */
export async function loadSession(db: Db | Executor, config: Config, token: string | undefined): Promise<LoadedSession | null> {
  if (!token || token.length > 200) return null;
  const ex = executor(db);
  const id = hashToken(token);
  const s = await findSession(ex, id);
  if (!s) return null;
  const now = Date.now();
  if (s.expiresAt.getTime() <= now || !s.user.active) {
    await deleteSession(ex, id);
    return null;
  }
  if (now - s.lastSeenAt.getTime() > TOUCH_AFTER_MS) await touchSession(ex, id, config.LUOSHI_SESSION_HOURS);
  const { active: _active, ...user } = s.user;
  return { id, csrfToken: s.csrfToken, user };
}

export async function endSession(db: Db | Executor, sessionId: string): Promise<void> {
  await deleteSession(executor(db), sessionId);
}

/** Ends every session of a user (deactivation, password reset), optionally keeping the current one. */
export async function endUserSessions(db: Db | Executor, userId: number, exceptId?: string): Promise<void> {
  await deleteUserSessions(executor(db), userId, exceptId);
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.LUOSHI_SECURE_COOKIES,
    path: '/',
    maxAge: Math.round(config.LUOSHI_SESSION_HOURS * 3600),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: config.LUOSHI_SECURE_COOKIES, path: '/' });
}

export function csrfMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function executor(db: Db | Executor): Executor {
  return 'kysely' in db ? db.kysely : db;
}
