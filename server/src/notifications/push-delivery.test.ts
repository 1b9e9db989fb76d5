import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { rows } from '../db/client.ts';
import { createWorker, type Worker } from '../jobs/worker.ts';
import {
  activeProfessional,
  bearer,
  createTestApp,
  loginWithCode,
  supportSession,
  TEST_PASSWORD,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';
import { enqueue } from './enqueue.ts';
import { startPushEndpoint, startSmsGateway, type PushEndpoint, type SmsGateway } from './test-peers.ts';

type Pro = Awaited<ReturnType<typeof activeProfessional>>;
let t: TestApp;
let push: PushEndpoint;
let gateway: SmsGateway;
let worker: Worker;
let support: LoggedIn;
let declencheur: Pro, nurseA: Pro, nurseB: Pro;
let patientId: string;
const mails: ParsedMail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, _session, callback) {
    simpleParser(stream)
      .then((mail) => {
        mails.push(mail);
        callback();
      })
      .catch((error: unknown) => {
        callback(error as Error);
      });
  },
});

const EVRY = { line: '1 place des Droits de l’Homme', postalCode: '91000', city: 'Évry-Courcouronnes' };
const PATIENT = {
  firstName: 'Marguerite',
  lastName: 'Vasseur-Quintal',
  birthDate: '1938-07-02',
  sex: 'F',
  address: { line: '17 rue des Glycines', postalCode: '91000', city: 'Évry-Courcouronnes' },
};
const DESCRIPTION = 'Ulcère veineux jambe gauche, patiente diabétique';

const call = (token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: bearer(token),
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });

async function pro(extra: Record<string, unknown> = {}) {
  const p = await activeProfessional(t, support, { profession: '60', officeAddress: EVRY, ...extra });
  expect((await call(p.token, 'GET', '/api/me/activity')).statusCode).toBe(200);
  return p;
}

async function newRequest(): Promise<string> {
  const res = await call(declencheur.token, 'POST', '/api/care-requests', {
    profession: '60',
    careType: 'pansement',
    details: { startDate: '2026-11-26', frequency: 'tous les 2 jours', durationDays: 14 },
    description: DESCRIPTION,
    homeVisit: true,
    responseMinutes: 240,
    patientId,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function subscribe(token: string, name: string): Promise<string> {
  const res = await call(token, 'POST', '/api/me/push-subscriptions', push.subscribe(name));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

const outboxRow = async (key: string) =>
  (
    await rows<{ id: string; state: string; attempts: number; last_error: string | null }>(
      t.deps.db,
      sql`SELECT id, state, attempts, last_error FROM outbox WHERE idempotency_key = ${key}`,
    )
  )[0];
const receivedBy = (name: string) => push.received.filter((r) => r.name === name);

beforeAll(async () => {
  push = await startPushEndpoint();
  gateway = await startSmsGateway();
  const smtpPort = await new Promise<number>((resolve) =>
    smtp.listen(0, '127.0.0.1', () => {
      resolve((smtp.server.address() as AddressInfo).port);
    }),
  );
  t = await createTestApp({
    RELAIS_SMS_URL: gateway.url,
    RELAIS_SMS_TOKEN: 'jeton',
    RELAIS_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    RELAIS_SESSION_IDLE_MINUTES: '1440',
    RELAIS_SESSION_MAX_HOURS: '720',
  });
  // The test server's push peer has a certificate of this run: this worker's agent trusts it.
  worker = createWorker(t.deps, { pushAgent: push.agent() });
  support = await supportSession(t);
  declencheur = await pro();
  nurseA = await pro({ firstName: 'Anne', lastName: 'Aubry' });
  nurseB = await pro({ firstName: 'Bruno', lastName: 'Berthier' });
  const created = await call(declencheur.token, 'POST', '/api/patients', PATIENT);
  expect(created.statusCode, created.body).toBe(201);
  patientId = created.json<{ id: string }>().id;
  await worker.runDueWork(); // login codes and the like leave now
}, 180_000);
afterAll(async () => {
  await t.close();
  await push.stop();
  await gateway.stop();
  await new Promise<void>((resolve) => {
    smtp.close(() => {
      resolve();
    });
  });
});

describe('Web Push keys and subscriptions', () => {
  it('D14 — the VAPID public key is generated once and kept in the database, its private half encrypted', async () => {
    const first = await t.app.inject({ url: '/api/push/public-key' });
    expect(first.statusCode).toBe(200);
    const { publicKey } = first.json<{ publicKey: string }>();
    const point = Buffer.from(publicKey, 'base64url');
    expect(point.length).toBe(65);
    expect(point[0]).toBe(4);
    expect((await t.app.inject({ url: '/api/push/public-key' })).json()).toEqual({ publicKey });
    const [stored] = await rows<{ public_key: string; private_key: Uint8Array }>(
      t.deps.db,
      sql`SELECT public_key, private_key FROM push_vapid_keys`,
    );
    expect(stored?.public_key).toBe(publicKey);
    const privateKey = t.deps.cipher.decryptText(Buffer.from(stored?.private_key ?? []), 'push_vapid_keys:1');
    expect(Buffer.from(privateKey, 'base64url').length).toBe(32);
    expect(Buffer.from(stored?.private_key ?? []).toString('latin1')).not.toContain(privateKey);
  });

  it('D14 — a subscription belongs to the device; the same endpoint again updates it; bad input writes nothing', async () => {
    const id = await subscribe(nurseA.token, 'a-phone');
    const again = await call(nurseA.token, 'POST', '/api/me/push-subscriptions', push.subscribe('a-phone'));
    expect(again.json<{ id: string }>().id).toBe(id);
    const [row] = await rows<{ device_id: string; user_id: string; n: number }>(
      t.deps.db,
      sql`SELECT device_id, user_id, count(*) OVER ()::int AS n FROM push_subscriptions WHERE user_id = ${nurseA.userId}`,
    );
    expect(row).toMatchObject({ device_id: nurseA.deviceId, user_id: nurseA.userId, n: 1 });

    const good = push.subscribe('refused');
    const bad = [
      { ...good, endpoint: good.endpoint.replace('https:', 'http:') },
      { ...good, keys: { ...good.keys, p256dh: 'pas-une-cle' } },
      { ...good, keys: { ...good.keys, p256dh: Buffer.alloc(65, 7).toString('base64url') } },
      { ...good, extra: true },
      { endpoint: good.endpoint },
    ];
    for (const body of bad) {
      const res = await call(nurseA.token, 'POST', '/api/me/push-subscriptions', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json<{ error: { code: string; message: string } }>().error.code).toBe('validation_failed');
    }
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/me/push-subscriptions',
      payload: good,
    });
    expect(anonymous.statusCode).toBe(401);
    const count = await rows<{ n: number }>(
      t.deps.db,
      sql`SELECT count(*)::int AS n FROM push_subscriptions`,
    );
    expect(count[0]?.n).toBe(1);

    // Someone else's subscription: 404, and it stays.
    expect((await call(nurseB.token, 'DELETE', `/api/me/push-subscriptions/${id}`)).statusCode).toBe(404);
    const temp = await subscribe(nurseB.token, 'b-temp');
    expect((await call(nurseB.token, 'DELETE', `/api/me/push-subscriptions/${temp}`)).statusCode).toBe(204);
    expect((await call(nurseB.token, 'DELETE', `/api/me/push-subscriptions/${temp}`)).statusCode).toBe(404);
  });
});

describe('Web Push delivery', () => {
  it('D14 — a new request rings every device of each recipient: decrypted payload without patient data, VAPID, high urgency, TTL to the deadline', async () => {
    // A second device for nurse A (a new login on another phone), subscribed too.
    const tablet = await loginWithCode(t.app, nurseA.fields.email, TEST_PASSWORD, nurseA.phone);
    await subscribe(tablet.token, 'a-tablet');
    const requestId = await newRequest();
    await worker.runDueWork();
    for (const name of ['a-phone', 'a-tablet']) {
      const got = receivedBy(name);
      expect(got).toHaveLength(1);
      expect(got[0]?.vapidValid).toBe(true);
      expect(got[0]?.payload).toEqual({
        title: 'Nouvelle demande de prise en charge',
        body: 'Nouvelle demande de prise en charge sur Relais',
        url: '/demandes',
        tag: `care_request.new:${requestId}`,
        kind: 'care_request.new',
      });
      expect(JSON.stringify(got[0]?.payload)).not.toMatch(/Vasseur|Marguerite|Ulcère/);
      expect(got[0]?.headers.urgency).toBe('high');
      const ttl = Number(got[0]?.headers.ttl);
      expect(ttl).toBeGreaterThan(240 * 60 - 120);
      expect(ttl).toBeLessThanOrEqual(240 * 60);
      expect(got[0]?.headers['content-encoding']).toBe('aes128gcm');
    }
    expect(await outboxRow(`care_request.new:${requestId}:${nurseA.userId}`)).toMatchObject({
      state: 'sent',
      attempts: 1,
    });
    // Nurse B has no subscription: the row ends dropped, with its reason, and is not retried.
    expect(await outboxRow(`care_request.new:${requestId}:${nurseB.userId}`)).toMatchObject({
      state: 'dropped',
      last_error: 'Aucun appareil abonné aux notifications',
    });
  });

  it('D14 — 410 from the push service removes the subscription; a poisoned one sends its row dead and the worker goes on', async () => {
    const goneId = await subscribe(nurseB.token, 'b-gone');
    push.setStatus('b-gone', 410);
    const first = await newRequest();
    await worker.runDueWork();
    expect(await outboxRow(`care_request.new:${first}:${nurseB.userId}`)).toMatchObject({ state: 'dropped' });
    expect(await rows(t.deps.db, sql`SELECT id FROM push_subscriptions WHERE id = ${goneId}`)).toHaveLength(
      0,
    );

    const poisonId = await subscribe(nurseB.token, 'b-poison');
    await t.deps.db.execute(
      sql`UPDATE push_subscriptions SET keys = ${Buffer.from('abîmé')} WHERE id = ${poisonId}`,
    );
    const before = receivedBy('a-phone').length;
    const second = await newRequest();
    await worker.runDueWork();
    expect(await outboxRow(`care_request.new:${second}:${nurseB.userId}`)).toMatchObject({
      state: 'dead',
      attempts: 1,
      last_error: 'Clés d’abonnement illisibles',
    });
    expect(receivedBy('a-phone')).toHaveLength(before + 1);
    expect(await outboxRow(`care_request.new:${second}:${nurseA.userId}`)).toMatchObject({ state: 'sent' });
  });

  it('D14 — support lists failed deliveries per user and channel, and retries them (attempts reset)', async () => {
    const list = await call(
      support.token,
      'GET',
      `/api/admin/outbox?state=dead&channel=push&userId=${nurseB.userId}`,
    );
    expect(list.statusCode, list.body).toBe(200);
    const dead = list.json<{ id: string; kind: string; lastError: string; user: { lastName: string } }[]>();
    expect(dead.length).toBe(1);
    expect(dead[0]).toMatchObject({
      kind: 'care_request.new',
      lastError: 'Clés d’abonnement illisibles',
      user: { lastName: 'Berthier' },
    });
    expect(JSON.stringify(dead)).not.toContain('Nouvelle demande');
    expect((await call(nurseB.token, 'GET', '/api/admin/outbox')).statusCode).toBe(403);
    expect((await call(support.token, 'GET', '/api/admin/outbox?state=lost')).statusCode).toBe(400);

    // The device subscribes again (a working subscription replaces the poisoned one), support retries.
    await subscribe(nurseB.token, 'b-fixed');
    const id = dead[0]?.id ?? '';
    expect((await call(support.token, 'POST', `/api/admin/outbox/${id}/retry`)).statusCode).toBe(204);
    const [row] = await rows<{ state: string; attempts: number }>(
      t.deps.db,
      sql`SELECT state, attempts FROM outbox WHERE id = ${id}`,
    );
    expect(row).toEqual({ state: 'pending', attempts: 0 });
    await worker.runDueWork();
    expect(receivedBy('b-fixed')).toHaveLength(1);
    expect((await call(support.token, 'POST', `/api/admin/outbox/${id}/retry`)).statusCode).toBe(409);
    expect(
      (await call(support.token, 'POST', `/api/admin/outbox/${crypto.randomUUID()}/retry`)).statusCode,
    ).toBe(404);
    const audit = await rows(
      t.deps.db,
      sql`SELECT 1 FROM audit_log WHERE action = 'support.outbox.retry' AND target_id = ${id}`,
    );
    expect(audit).toHaveLength(1);
  });

  it('D14 — SMS chosen instead of push for requests: an SMS without patient data, with its idempotency key', async () => {
    const defaults = await call(nurseB.token, 'GET', '/api/me/notification-channels');
    expect(defaults.json()).toEqual({
      care_requests: { push: true, sms: false },
      messages: { push: true, sms: false },
      alerts: { push: true, sms: false },
    });
    const choice = {
      care_requests: { push: false, sms: true },
      messages: { push: true, sms: false },
      alerts: { push: true, sms: true },
    };
    expect(
      (await call(nurseB.token, 'PUT', '/api/me/notification-channels', { ...choice, extra: {} })).statusCode,
    ).toBe(400);
    expect((await call(nurseB.token, 'PUT', '/api/me/notification-channels', choice)).json()).toEqual(choice);
    expect((await call(nurseB.token, 'GET', '/api/me/notification-channels')).json()).toEqual(choice);

    const before = receivedBy('b-fixed').length;
    const requestId = await newRequest();
    await worker.runDueWork();
    const key = `care_request.new:${requestId}:${nurseB.userId}`;
    expect(await outboxRow(key)).toMatchObject({
      state: 'dropped',
      last_error: 'Envoyée par SMS (préférence)',
    });
    expect(receivedBy('b-fixed')).toHaveLength(before);
    const sms = gateway.received.filter((s) => s.key === `${key}:sms`);
    expect(sms).toEqual([
      { key: `${key}:sms`, to: nurseB.phone, text: 'Nouvelle demande de prise en charge sur Relais' },
    ]);
    expect(await outboxRow(`${key}:sms`)).toMatchObject({ state: 'sent' });
    await call(nurseB.token, 'PUT', '/api/me/notification-channels', {
      ...choice,
      care_requests: { push: true, sms: false },
    });
  });

  it('D14 — the push service down for a while, then back: everything is delivered after recovery, in order per user', async () => {
    const before = new Map(['a-phone', 'a-tablet', 'b-fixed'].map((n) => [n, receivedBy(n).length]));
    await push.down();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await newRequest());
      await worker.runDueWork();
      t.clock.advance(1_000);
    }
    const pending = await rows<{ state: string; last_error: string | null }>(
      t.deps.db,
      sql`SELECT state, last_error FROM outbox WHERE kind = 'care_request.new' AND user_id = ${nurseA.userId}
          AND idempotency_key = ANY(${`{${ids.map((id) => `care_request.new:${id}:${nurseA.userId}`).join(',')}}`}::text[])`,
    );
    expect(pending.map((p) => p.state)).toEqual(['pending', 'pending', 'pending']);
    expect(pending.some((p) => p.last_error?.includes('injoignable'))).toBe(true);
    await push.up();
    t.clock.advance(10 * 60_000);
    await worker.runDueWork();
    for (const [name, count] of before) {
      const tags = receivedBy(name)
        .slice(count)
        .map((r) => r.payload?.tag);
      expect(tags, name).toEqual(ids.map((id) => `care_request.new:${id}`));
    }
    const states = await rows<{ state: string }>(
      t.deps.db,
      sql`SELECT state FROM outbox WHERE idempotency_key LIKE ${`care_request.new:%`} AND state = 'pending'`,
    );
    expect(states).toHaveLength(0);
  });

  it('D14 — e-mail leaves through SMTP from the same outbox', async () => {
    await t.deps.db.transaction((tx) =>
      enqueue(tx, t.clock, t.deps.cipher, {
        channel: 'email',
        recipient: 'dr.dupont@mssante.test',
        kind: 'test.mail',
        subject: 'Relais : prise en charge',
        body: 'Une prise en charge a été organisée.',
      }),
    );
    await worker.runDueWork();
    const mail = mails.find((m) => m.subject === 'Relais : prise en charge');
    expect(mail?.text?.trim()).toBe('Une prise en charge a été organisée.');
    expect(mail?.headers.get('x-relais-delivery')).toBeTruthy();
  });
});
