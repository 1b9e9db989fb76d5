import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('refuses test mode and a missing data key in production, naming each variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', RELAIS_TEST_MODE: '1' })).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'production', RELAIS_TEST_MODE: '1' });
    } catch (error) {
      expect((error as Error).message).toContain('RELAIS_TEST_MODE');
      expect((error as Error).message).toContain('RELAIS_DATA_KEY');
    }
  });

  it('refuses malformed values', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ RELAIS_DATA_KEY: 'short' })).toThrow(/RELAIS_DATA_KEY/);
    expect(() => loadConfig({ RELAIS_SMS_URL: 'http://127.0.0.1:1/sms' })).toThrow(/RELAIS_SMS_TOKEN/);
  });

  it('defaults to the embedded database, demo data and the offline geocoder outside production', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.demo).toBe(true);
    expect(c.testMode).toBe(false);
    expect(c.geocoder).toBe('offline');
    expect(c.port).toBe(3000);
    const prod = loadConfig({ NODE_ENV: 'production', RELAIS_DATA_KEY: 'ab'.repeat(32) });
    expect(prod.demo).toBe(false);
  });
});
