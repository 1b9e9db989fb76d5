import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../db/client.ts';
import {
  activeProfessional,
  bearer,
  createTestApp,
  supportSession,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';
import { appendAudit, systemContext } from './append-audit.ts';

let t: TestApp;
let support: LoggedIn;
beforeAll(async () => {
  t = await createTestApp();
  support = await supportSession(t);
});
afterAll(() => t.close());

const verify = async () =>
  (await t.app.inject({ url: '/api/admin/audit/verify', headers: bearer(support.token) })).json<{
    ok: boolean;
    records: number;
    firstBrokenSeq: number | null;
  }>();

describe('audit trail', () => {
  it('D20: every login, success or failure, is recorded with who, when, from where and the outcome', async () => {
    const pro = await activeProfessional(t, support);
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { identifier: pro.fields.email, password: 'Pas-le-bon-mot-de-passe' },
      headers: { 'user-agent': 'Relais-Test/1.0' },
    });
    const res = await t.app.inject({
      url: `/api/admin/audit?actorId=${pro.userId}`,
      headers: bearer(support.token),
    });
    const records =
      res.json<
        { action: string; outcome: string; ip: string | null; userAgent: string | null; at: string }[]
      >();
    const actions = records.map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toContain('login.password:success');
    expect(actions).toContain('login.sms_code:success');
    expect(actions).toContain('login.password:failure');
    const failure = records.find((r) => r.action === 'login.password' && r.outcome === 'failure');
    expect(failure?.ip).toBe('127.0.0.1');
    expect(failure?.userAgent).toBe('Relais-Test/1.0');
    expect(Date.parse(failure?.at ?? '')).not.toBeNaN();
  });

  it('D20: the chain verifies, and records survive concurrent writers without a fork', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.deps.db.transaction((tx) =>
          appendAudit(tx, t.clock, systemContext, {
            action: 'test.concurrent',
            outcome: 'success',
            details: { i },
          }),
        ),
      ),
    );
    const result = await verify();
    expect(result.ok).toBe(true);
    const [count] = await rows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM audit_log`);
    expect(result.records).toBe(count?.n);
  });

  it('D20: the audit trail is append-only: updates and deletes are refused by the database', async () => {
    await expect(t.deps.db.execute(sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`)).rejects.toThrow();
    await expect(t.deps.db.execute(sql`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow();
  });

  it('D20: a record altered behind the application’s back is detected by verification', async () => {
    const before = await verify();
    expect(before.ok).toBe(true);
    // Someone with database superuser rights disables the guard and rewrites history.
    await t.deps.database.exec(`
      ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
      UPDATE audit_log SET outcome = 'success' WHERE seq = (SELECT min(seq) FROM audit_log WHERE outcome = 'failure');
      ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;`);
    const after = await verify();
    expect(after.ok).toBe(false);
    expect(after.firstBrokenSeq).toBeGreaterThan(0);
  });

  it('D20: reading the audit trail is itself audited', async () => {
    await t.app.inject({ url: '/api/admin/audit?action=login.password', headers: bearer(support.token) });
    const [last] = await rows<{ action: string; actor_id: string }>(
      t.deps.db,
      sql`SELECT action, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1`,
    );
    expect(last).toEqual({ action: 'audit.read', actor_id: support.userId });
  });
});
