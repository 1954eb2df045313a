import { describe, expect, it } from 'vitest';
import { assertPasswordAcceptable, generatePassword, hashPassword, passwordProblem, verifyPassword } from './password.ts';

describe('password rules', () => {
  it.each([
    ['Abcdefgh1!', true], // 10 chars, 4 classes
    ['abcdefgh12', false], // 2 classes
    ['abcdefgH12', true], // 3 classes
    ['abcdef12!', false], // 9 chars
    ['aaaaaaaaaaaaaaaa', true], // 16 chars need no classes
    ['aaaaaaaaaaaaaaa', false], // 15 single-class chars
    ['密码密码密码密码密码Ab1', true], // CJK counts as "other"
    ['', false],
  ])('%s → %s', (pw, ok) => {
    expect(passwordProblem(pw) === null).toBe(ok);
  });
  it('refuses the username as password, whatever the case', () => {
    expect(passwordProblem('Zhang.San-2024xyz', 'zhang.san-2024xyz')).toMatch(/username/);
  });
  it('names the field and the reason', () => {
    try {
      assertPasswordAcceptable('short', 'u');
      expect.unreachable();
    } catch (e) {
      expect((e as { details: unknown }).details).toEqual({ fields: [{ field: 'password', reason: expect.stringMatching(/10/) }] });
    }
  });
  it('generates passwords that pass the rules', () => {
    for (let i = 0; i < 50; i++) expect(passwordProblem(generatePassword())).toBeNull();
  });
  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('Abcdefgh1!');
    expect(h).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(h, 'Abcdefgh1!')).toBe(true);
    expect(await verifyPassword(h, 'Abcdefgh1?')).toBe(false);
    expect(await verifyPassword('garbage', 'x')).toBe(false);
  });
});
