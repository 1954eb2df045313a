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
