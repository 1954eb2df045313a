import { randomBytes, randomInt } from 'node:crypto';
import argon2 from 'argon2';
import { invalid } from '../platform/errors.ts';

/**
 * Password hashing and the password rules. Production uses argon2id at OWASP-recommended cost;
 * tests use the cheapest legal parameters because hundreds of users are created per run.
 */
interface HashCost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

const PRODUCTION_COST: HashCost = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
const TEST_COST: HashCost = { memoryCost: 1024, timeCost: 2, parallelism: 1 };

let cost: HashCost = process.env.NODE_ENV === 'test' ? TEST_COST : PRODUCTION_COST;

/** Switches hashing to cheap parameters (tests) or back to production cost. */
export function useCheapHashing(cheap: boolean): void {
  cost = cheap ? TEST_COST : PRODUCTION_COST;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...cost });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    // A malformed stored hash is a failed login, not a 500.
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/**
 * Verifies against a throw-away hash so that a login for an unknown username takes as long as one
 * for a known username (no user enumeration by timing).
 */
export async function verifyDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
}

export const PASSWORD_MAX = 256;

/** Returns the reason the password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length > PASSWORD_MAX) return `密码过长 / at most ${PASSWORD_MAX} characters`;
  if (username && password.toLowerCase() === username.toLowerCase()) {
    return '密码不能与用户名相同 / must not equal the username';
  }
  if (password.length >= 16) return null;
  if (password.length < 10) return '密码至少 10 个字符 / at least 10 characters (or 16 without character-class rules)';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) {
    return '密码须包含小写字母、大写字母、数字、其他字符中的至少三类 / needs 3 of: lower case, upper case, digit, other — or at least 16 characters';
  }
  return null;
}

/** Throws a 400 naming `field` when the password breaks the rules. */
export function assertPasswordAcceptable(password: string, username: string | undefined, field = 'password'): void {
  const problem = passwordProblem(password, username);
  if (problem) throw invalid(field, problem);
}

/** A strong random password that satisfies the rules (all four classes, 20 characters). */
export function generatePassword(): string {
  const sets = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '-_.!@#%+='];
  const all = sets.join('');
  const chars = sets.map((s) => s[randomInt(s.length)]);
  while (chars.length < 20) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
