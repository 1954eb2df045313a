import { defaultPoolSize } from './db/database.ts';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.ts';

describe('LUOSHI_TRUST_PROXY', () => {
  it('trusts no proxy by default', () => {
    expect(loadConfig({}).LUOSHI_TRUST_PROXY).toEqual([]);
    expect(loadConfig({ LUOSHI_TRUST_PROXY: '' }).LUOSHI_TRUST_PROXY).toEqual([]);
  });

  it('accepts addresses, CIDR ranges and the named ranges, comma-separated', () => {
    expect(loadConfig({ LUOSHI_TRUST_PROXY: ' 127.0.0.1, 10.0.0.0/8,::1 ,fd00::/8,loopback' }).LUOSHI_TRUST_PROXY).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('lists every entry that is not an address or range', () => {
    let err: unknown;
    try {
      loadConfig({ LUOSHI_TRUST_PROXY: 'true,10.0.0.0/33,proxy.example.com,1.2.3.4' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/"true" is not an IP address/);
    expect(problems).toMatch(/"10\.0\.0\.0\/33"/);
    expect(problems).toMatch(/"proxy\.example\.com"/);
    expect(problems).not.toMatch(/1\.2\.3\.4/);
  });
});

describe('LUOSHI_DB_POOL', () => {
  it('is unset by default (the pool is then twice the cores, at least 4) and takes a positive count', () => {
    expect(loadConfig({}).LUOSHI_DB_POOL).toBeUndefined();
    expect(defaultPoolSize()).toBeGreaterThanOrEqual(4);
    expect(loadConfig({ LUOSHI_DB_POOL: '8' }).LUOSHI_DB_POOL).toBe(8);
  });

  it('refuses a count that is not a positive whole number, naming the variable', () => {
    for (const bad of ['0', '-1', '2.5', 'many']) expect(() => loadConfig({ LUOSHI_DB_POOL: bad })).toThrow(/LUOSHI_DB_POOL/);
  });
});
