import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../db/client.ts';
import {
  activeProfessional,
  bearer,
  createTestApp,
  lastSms,
  professionalFields,
  register,
  supportSession,
  TEST_PASSWORD,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';

let t: TestApp;
let support: LoggedIn;
beforeAll(async () => {
  t = await createTestApp();
  support = await supportSession(t);
});
afterAll(() => t.close());

const outbox = async (to: string) =>
  (await t.app.inject({ url: `/api/test/outbox?to=${encodeURIComponent(to)}` })).json<
    { channel: string; kind: string; subject: string | null; body: string }[]
  >();
const post = (url: string, payload?: Record<string, unknown>, token = support.token) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: bearer(token),
    ...(payload === undefined ? {} : { payload }),
  });

describe('support vets registrations', () => {
  it('D1: support approves a pending registration; the professional is told by SMS and e-mail and can log in', async () => {
    const fields = professionalFields();
    const { id } = (await register(t.app, fields)).json<{ id: string }>();
    expect((await post(`/api/admin/registrations/${id}/approve`)).statusCode).toBe(204);
    const phone = '+33' + fields.mobilePhone.slice(1);
    expect((await outbox(phone)).map((m) => m.kind)).toContain('registration_approved');
    const mail = (await outbox(fields.email)).find((m) => m.kind === 'registration_approved');
    expect(mail?.channel).toBe('email');
    expect(mail?.subject).toMatch(/validé/);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { identifier: fields.identifier, password: TEST_PASSWORD },
    });
    expect(login.json<{ challengeId?: string }>().challengeId).toBeTruthy();
    // Deciding twice is a conflict and changes nothing.
    expect((await post(`/api/admin/registrations/${id}/reject`, { reason: 'Doublon' })).statusCode).toBe(409);
  });

  it('D1: support rejects with a reason, which the professional receives by e-mail', async () => {
    const fields = professionalFields();
    const { id } = (await register(t.app, fields)).json<{ id: string }>();
    expect((await post(`/api/admin/registrations/${id}/reject`, {})).statusCode).toBe(400);
    expect(
      (await post(`/api/admin/registrations/${id}/reject`, { reason: 'Justificatif illisible' })).statusCode,
    ).toBe(204);
    const mail = (await outbox(fields.email)).find((m) => m.kind === 'registration_rejected');
    expect(mail?.body).toContain('Justificatif illisible');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { identifier: fields.email, password: TEST_PASSWORD },
    });
    expect(login.json<{ error: { code: string } }>().error.code).toBe('account_rejected');
  });

  it('D1: support onboards a professional directly; a temporary password goes by SMS', async () => {
    const fields = professionalFields({ network: 'CPTS Cœur d’Essonne' });
    const res = await post('/api/admin/professionals', fields);
    expect(res.statusCode).toBe(201);
    const phone = '+33' + fields.mobilePhone.slice(1);
    const sms = await lastSms(t.app, phone);
    const temporary = /temporaire : (\S+)/.exec(sms)?.[1] ?? '';
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { identifier: fields.email, password: temporary },
    });
    expect(login.statusCode).toBe(200);
    // Same identifier again: 409; a password field is not accepted here.
    expect(
      (await post('/api/admin/professionals', { ...fields, email: 'autre@exemple.fr' })).statusCode,
    ).toBe(409);
    expect(
      (await post('/api/admin/professionals', { ...professionalFields(), password: TEST_PASSWORD }))
        .statusCode,
    ).toBe(400);
  });

  it('D4: support blocks an account, which closes its sessions, and unblocks it', async () => {
    const pro = await activeProfessional(t, support);
    expect((await post(`/api/admin/accounts/${pro.userId}/block`, {})).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/me', headers: bearer(pro.token) })).statusCode).toBe(401);
    const accounts = await t.app.inject({
      url: `/api/admin/accounts?q=${encodeURIComponent(pro.fields.email)}`,
      headers: bearer(support.token),
    });
    expect(accounts.json<{ items: { id: string; status: string }[] }>().items).toEqual([
      expect.objectContaining({ id: pro.userId, status: 'blocked' }),
    ]);
    expect((await post(`/api/admin/accounts/${pro.userId}/block`, {})).statusCode).toBe(409);
    expect((await post(`/api/admin/accounts/${pro.userId}/unblock`)).statusCode).toBe(204);
    expect((await post(`/api/admin/accounts/${pro.userId}/unblock`)).statusCode).toBe(409);
  });

  it('D20: professionals get 403 on every support endpoint, strangers 401, unknown ids 404', async () => {
    const pro = await activeProfessional(t, support);
    for (const [method, url] of [
      ['GET', '/api/admin/registrations'],
      ['GET', '/api/admin/accounts'],
      ['GET', '/api/admin/audit'],
      ['GET', '/api/admin/audit/verify'],
      ['POST', `/api/admin/accounts/${pro.userId}/unblock`],
      ['POST', `/api/admin/registrations/${pro.userId}/approve`],
    ] as const) {
      expect((await t.app.inject({ method, url, headers: bearer(pro.token) })).statusCode, url).toBe(403);
      expect((await t.app.inject({ method, url })).statusCode, url).toBe(401);
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await post(`/api/admin/registrations/${unknown}/approve`)).statusCode).toBe(404);
    expect((await post(`/api/admin/registrations/not-a-uuid/approve`)).statusCode).toBe(400);
  });

  it('D20: support actions and proof reads are in the audit trail', async () => {
    const fields = professionalFields();
    const { id } = (await register(t.app, fields)).json<{ id: string }>();
    await t.app.inject({ url: `/api/admin/registrations/${id}/proof`, headers: bearer(support.token) });
    await post(`/api/admin/registrations/${id}/approve`);
    const audit = await rows<{ action: string; actor_id: string; target_id: string }>(
      t.deps.db,
      sql`SELECT action, actor_id, target_id FROM audit_log WHERE target_id = ${id} ORDER BY seq`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'registration.create',
      'registration.proof.read',
      'registration.approve',
    ]);
    expect(audit[2]?.actor_id).toBe(support.userId);
  });
});
