import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, transaction } from '../platform/db/database.ts';
import type { Config } from '../platform/env.ts';
import { AppError } from '../platform/errors.ts';
import { verifyDummy, verifyPassword } from './password.ts';
import { createSession } from './session.service.ts';
import { deleteExpiredSessions } from './sessions.repository.ts';
import type { UnknownAccountLockout } from './login-throttle.ts';
import { findPasswordHash, findUserByUsername, recordLoginFailure, recordLoginSuccess, type User } from './users.repository.ts';

const WRONG = () => new AppError('unauthenticated', '用户名或密码错误 / wrong username or password');

export const lockedError = (until: Date) => {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return new AppError(
    'locked',
    `账户因多次登录失败已锁定，请 ${minutes} 分钟后再试或联系管理员解锁 / account locked after repeated failed sign-ins; retry in ${minutes} min or ask an administrator to unlock it`,
    { lockedUntil: until.toISOString() },
  );
};

export interface LoginResult {
  user: User;
  token: string;
  sessionId: string;
  csrfToken: string;
}

/**
 * Checks the credentials and opens a session. Failures say only "wrong username or password"
 * (401) whatever the cause, except for an account that is locked (423), which the user must know
 * to stop trying. A name that is no (active) account locks the same way after the same number of
 * failures (`unknown`), so neither answer tells whether an account exists. Every outcome is
 * audited; the audit rows of a failure are committed before the error is thrown.
 */
export async function login(
  db: Db,
  config: Config,
  meta: { ip: string; requestId: string; userAgent?: string },
  username: string,
  password: string,
  unknown?: UnknownAccountLockout,
): Promise<LoginResult> {
  const anon: Actor = { id: null, name: 'anonymous', ip: meta.ip, requestId: meta.requestId };
  const user = await findUserByUsername(db.kysely, username);
  if (!user || !user.active) {
    const key = username.trim().toLowerCase();
    const until = unknown?.lockedUntil(key);
    if (until) {
      await recordAudit(db.kysely, anon, { action: 'login_refused_locked', entity: 'login', entityId: username.slice(0, 64) });
      throw lockedError(until);
    }
    await verifyDummy(password);
    await recordAudit(db.kysely, anon, {
      action: 'login_failed',
      entity: 'login',
      entityId: username.slice(0, 64),
      after: { reason: user ? 'inactive' : 'unknown_user' },
    });
    const locked = unknown?.fail(key);
    if (locked) throw lockedError(locked);
    throw WRONG();
  }
  const actor: Actor = { ...anon, id: user.id, name: user.username };
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
    await recordAudit(db.kysely, actor, { action: 'login_refused_locked', entity: 'user', entityId: user.id });
    throw lockedError(user.lockedUntil);
  }
  const hash = await findPasswordHash(db.kysely, user.id);
  if (!hash || !(await verifyPassword(hash, password))) {
    const state = await transaction(db, async (tx) => {
      const s = await recordLoginFailure(tx, user.id, config.LUOSHI_LOGIN_MAX_FAILURES, config.LUOSHI_LOCKOUT_MINUTES);
      await recordAudit(tx, actor, [
        { action: 'login_failed', entity: 'user', entityId: user.id, after: { reason: 'wrong_password' } },
        ...(s.locked
          ? [{ action: 'lockout', entity: 'user', entityId: user.id, after: { lockedUntil: s.lockedUntil!.toISOString() } }]
          : []),
      ]);
      return s;
    });
    if (state.locked) throw lockedError(state.lockedUntil!);
    throw WRONG();
  }
  return transaction(db, async (tx) => {
    await recordLoginSuccess(tx, user.id);
    // Sign-ins are rare enough to carry the housekeeping of sessions nobody ended.
    await deleteExpiredSessions(tx);
    const s = await createSession(tx, config, user.id, { ip: meta.ip, userAgent: meta.userAgent });
    await recordAudit(tx, actor, { action: 'login', entity: 'user', entityId: user.id });
    return { user, token: s.token, sessionId: s.id, csrfToken: s.csrfToken };
  });
}

export async function logout(db: Db, actor: Actor, sessionId: string, userId: number): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.deleteFrom('sessions').where('id', '=', sessionId).execute();
    await recordAudit(tx, actor, { action: 'logout', entity: 'user', entityId: userId });
  });
}
