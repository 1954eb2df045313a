import { z } from 'zod';
import type { User } from './users.repository.ts';

export const roleSchema = z.enum(['admin', 'reporter', 'viewer', 'leader']);

export const usernameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{1,63}$/, '2–64 characters: lower-case letters, digits, "_", "." or "-", starting with a letter or digit');

export const displayNameSchema = z.string().min(1).max(100);
export const passwordSchema = z.string().min(1).max(256);
export const divisionCodeSchema = z.string().regex(/^[0-9]{2,12}$/, 'a division code of 2–12 digits');

/** A user as the API shows it: no password hash, dates as ISO strings. */
export const userOut = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  unitId: z.number().nullable(),
  divisionCode: z.string().nullable(),
  active: z.boolean(),
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  failedLogins: z.number(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});

export function presentUser(u: User): z.infer<typeof userOut> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    role: u.role,
    unitId: u.unitId,
    divisionCode: u.divisionCode,
    active: u.active,
    locked: !!u.lockedUntil && u.lockedUntil.getTime() > Date.now(),
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    failedLogins: u.failedLogins,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
    version: u.version,
  };
}

export const errorOut = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
  }),
});
