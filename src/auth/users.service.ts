import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import type { Role } from './auth.tables.ts';
import { assertPasswordAcceptable, generatePassword, hashPassword, verifyPassword } from './password.ts';
import { endUserSessions } from './session.service.ts';
import {
  countActiveAdmins,
  divisionExists,
  findPasswordHash,
  findUserById,
  findUserByUsername,
  insertUser,
  recordLoginFailure,
  listUsers as listUserRows,
  unitExists,
  updateUser as updateUserRow,
  type User,
  type UserChanges,
  type UserFilter,
} from './users.repository.ts';

export type { User, UserFilter };

/** What the audit trail keeps of a user: never the password hash, nor volatile counters. */
export function auditSnapshot(u: User) {
  return {
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    role: u.role,
    unitId: u.unitId,
    divisionCode: u.divisionCode,
    active: u.active,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    mustChangePassword: u.mustChangePassword,
  };
}

export interface CreateUserInput {
  username: string;
  displayName?: string;
  email?: string | null;
  role: Role;
  unitId?: number | null;
  divisionCode?: string | null;
  /** Omitted: a strong password is generated and returned once. */
  password?: string;
  mustChangePassword?: boolean;
}

/** Reporter needs an existing unit, viewer an existing division; other roles carry neither. */
async function resolveScope(
  db: Executor,
  role: Role,
  unitId: number | null | undefined,
  divisionCode: string | null | undefined,
): Promise<{ unitId: number | null; divisionCode: string | null }> {
  if (role === 'reporter') {
    if (unitId == null) throw invalid('unitId', '填报员必须指定单位 / a reporter needs a unit');
    if (!(await unitExists(db, unitId))) throw invalid('unitId', `单位 ${unitId} 不存在 / no unit ${unitId}`);
    return { unitId, divisionCode: null };
  }
  if (role === 'viewer') {
    if (!divisionCode) throw invalid('divisionCode', '查看员必须指定区划 / a viewer needs a division');
    if (!(await divisionExists(db, divisionCode))) {
      throw invalid('divisionCode', `区划 ${divisionCode} 不存在 / no division ${divisionCode}`);
    }
    return { unitId: null, divisionCode };
  }
  return { unitId: null, divisionCode: null };
}

export async function createUser(
  db: Db | Executor,
  actor: Actor,
  input: CreateUserInput,
): Promise<{ user: User; generatedPassword: string | null }> {
  const generated = input.password === undefined ? generatePassword() : null;
  const password = input.password ?? generated!;
  assertPasswordAcceptable(password, input.username);
  const passwordHash = await hashPassword(password);
  return transaction(db, async (tx) => {
    if (await findUserByUsername(tx, input.username)) {
      throw new AppError('duplicate', `用户名 ${input.username} 已存在 / username taken`, {
        fields: [{ field: 'username', reason: 'already taken' }],
      });
    }
    const scope = await resolveScope(tx, input.role, input.unitId, input.divisionCode);
    const user = await insertUser(tx, {
      username: input.username,
      displayName: input.displayName ?? input.username,
      email: input.email ?? null,
      passwordHash,
      role: input.role,
      ...scope,
      mustChangePassword: input.mustChangePassword ?? false,
    });
    await recordAudit(tx, actor, { action: 'create', entity: 'user', entityId: user.id, after: auditSnapshot(user) });
    return { user, generatedPassword: generated };
  });
}

export async function getUser(db: Db | Executor, id: number): Promise<User> {
  const u = await findUserById(exec(db), id);
  if (!u) throw notFound('user', id);
  return u;
}

export async function listUsers(db: Db | Executor, filter: UserFilter, page: number, pageSize: number) {
  return listUserRows(exec(db), filter, page, pageSize);
}

export interface UpdateUserInput {
  displayName?: string;
  email?: string | null;
  role?: Role;
  unitId?: number | null;
  divisionCode?: string | null;
  active?: boolean;
  /** Sets a new password (admin reset); the user must change it at next sign-in. */
  password?: string;
  unlock?: boolean;
  /** Optimistic concurrency: when given, must equal the stored version. */
  version?: number;
}

export async function updateUser(db: Db | Executor, actor: Actor, id: number, input: UpdateUserInput): Promise<User> {
  return transaction(db, async (tx) => {
    const before = await findUserById(tx, id);
    if (!before) throw notFound('user', id);
    if (input.version !== undefined && input.version !== before.version) {
      throw new AppError('conflict', `用户已被他人修改 / user changed meanwhile (version ${before.version}, you sent ${input.version})`);
    }
    const changes: UserChanges = {};
    if (input.displayName !== undefined) changes.displayName = input.displayName;
    if (input.email !== undefined) changes.email = input.email;
    if (input.active !== undefined) changes.active = input.active;
    if (input.unlock) changes.unlock = true;
    const role = input.role ?? before.role;
    if (input.role !== undefined || input.unitId !== undefined || input.divisionCode !== undefined) {
      const scope = await resolveScope(
        tx,
        role,
        input.unitId !== undefined ? input.unitId : before.unitId,
        input.divisionCode !== undefined ? input.divisionCode : before.divisionCode,
      );
      changes.role = role;
      changes.unitId = scope.unitId;
      changes.divisionCode = scope.divisionCode;
    }
    const losesAdmin = before.role === 'admin' && before.active && (role !== 'admin' || input.active === false);
    if (losesAdmin && (await countActiveAdmins(tx)) <= 1) {
      throw new AppError('conflict', '不能移除最后一个管理员 / cannot demote or deactivate the last active admin');
    }
    if (input.password !== undefined) {
      assertPasswordAcceptable(input.password, before.username);
      changes.passwordHash = await hashPassword(input.password);
      changes.mustChangePassword = true;
    }
    const after = await updateUserRow(tx, id, changes);
    if (!after) throw notFound('user', id);
    const entries = [];
    const b = auditSnapshot(before);
    const a = auditSnapshot(after);
    if (JSON.stringify(b) !== JSON.stringify(a)) {
      entries.push({ action: 'update', entity: 'user', entityId: id, before: b, after: a });
    }
    if (input.password !== undefined) {
      entries.push({ action: 'password_reset', entity: 'user', entityId: id, after: { passwordChanged: true } });
    }
    if (input.unlock && (before.lockedUntil || before.failedLogins > 0)) {
      entries.push({
        action: 'unlock',
        entity: 'user',
        entityId: id,
        before: { lockedUntil: before.lockedUntil?.toISOString() ?? null, failedLogins: before.failedLogins },
        after: { lockedUntil: null, failedLogins: 0 },
      });
    }
    await recordAudit(tx, actor, entries);
    // Deactivation and a new password both end the user's existing sessions at once.
    if (input.active === false || input.password !== undefined) await endUserSessions(tx, id);
    return after;
  });
}

/** The CLI's reset: by username, new password (generated when omitted), sessions ended. */
export async function resetPasswordByUsername(
  db: Db | Executor,
  actor: Actor,
  username: string,
  password?: string,
): Promise<{ user: User; generatedPassword: string | null }> {
  const user = await findUserByUsername(exec(db), username);
  if (!user) throw notFound('user', username);
  const generated = password === undefined ? generatePassword() : null;
  const updated = await updateUser(db, actor, user.id, { password: password ?? generated!, unlock: true });
  return { user: updated, generatedPassword: generated };
}

/** A user changing its own password: the old one must be right; other sessions end. */
/**
 * Changes the own password. A wrong current password counts as a failed sign-in (`lockout`): a
 * stolen session cannot guess the password, because after as many wrong guesses as sign-in allows
 * the account locks and every one of its sessions ends.
 */
export async function changeOwnPassword(
  db: Db | Executor,
  actor: Actor,
  userId: number,
  currentSessionId: string | null,
  oldPassword: string,
  newPassword: string,
  lockout?: { maxFailures: number; minutes: number },
): Promise<void> {
  const user = await getUser(db, userId);
  const hash = await findPasswordHash(exec(db), userId);
  if (!hash || !(await verifyPassword(hash, oldPassword))) {
    if (lockout) {
      const state = await transaction(db, async (tx) => {
        const s = await recordLoginFailure(tx, userId, lockout.maxFailures, lockout.minutes);
        await recordAudit(tx, actor, [
          { action: 'password_change_failed', entity: 'user', entityId: userId, after: { reason: 'wrong_old_password' } },
          ...(s.locked ? [{ action: 'lockout', entity: 'user', entityId: userId, after: { lockedUntil: s.lockedUntil!.toISOString() } }] : []),
        ]);
        if (s.locked) await endUserSessions(tx, userId);
        return s;
      });
      if (state.locked) {
        throw new AppError('locked', '当前密码多次输入错误，账户已锁定并已退出登录 / wrong current password too often: the account is locked and signed out', {
          lockedUntil: state.lockedUntil!.toISOString(),
        });
      }
    }
    throw invalid('oldPassword', '当前密码不正确 / the current password is wrong');
  }
  assertPasswordAcceptable(newPassword, user.username, 'newPassword');
  if (newPassword === oldPassword) throw invalid('newPassword', '新密码不能与当前密码相同 / must differ from the current password');
  const passwordHash = await hashPassword(newPassword);
  await transaction(db, async (tx) => {
    await updateUserRow(tx, userId, { passwordHash, mustChangePassword: false });
    await recordAudit(tx, actor, { action: 'password_change', entity: 'user', entityId: userId, after: { passwordChanged: true } });
    await endUserSessions(tx, userId, currentSessionId ?? undefined);
  });
}

function exec(db: Db | Executor): Executor {
  return 'kysely' in db ? db.kysely : db;
}
