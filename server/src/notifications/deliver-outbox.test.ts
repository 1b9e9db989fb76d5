import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../db/client.ts';
import {
  createTestApp,
  TEST_PASSWORD,
  type TestApp,
  professionalFields,
  register,
} from '../../test/helpers.ts';
import { enqueue } from './enqueue.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './deliver-outbox.ts';

/** A local SMS gateway: records what it receives, answers with the status the test chooses. */
function gateway() {
  const received: {
    auth: string | undefined;
    key: string | undefined;
    body: { to: string; text: string };
  }[] = [];
  let status = 202;
  const server: Server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      received.push({
        auth: req.headers.authorization,
        key: req.headers['idempotency-key'] as string | undefined,
        body: JSON.parse(data) as { to: string; text: string },
      });
      res.writeHead(status).end('{}');
    });
  });
  return {
    received,
    setStatus: (s: number) => {
      status = s;
    },
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => {
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`);
        }),
      ),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

const gw = gateway();
let t: TestApp;
beforeAll(async () => {
  const url = await gw.start();
  t = await createTestApp({ RELAIS_SMS_URL: url, RELAIS_SMS_TOKEN: 'jeton-de-test' });
});
afterAll(async () => {
  await t.close();
  await gw.stop();
});

const state = async (recipient: string) =>
  (
    await rows<{ state: string; attempts: number; last_error: string | null }>(
      t.deps.db,
      sql`SELECT state, attempts, last_error FROM outbox WHERE recipient = ${recipient} ORDER BY created_at DESC LIMIT 1`,
    )
  )[0];

describe('SMS through the outbox and the HTTP gateway', () => {
  it('D3: the login code leaves through the HTTP SMS gateway, with its token and an idempotency key', async () => {
    const fields = professionalFields();
    await register(t.app, fields);
    await t.deps.db.execute(sql`UPDATE users SET status = 'active' WHERE email = ${fields.email}`);
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { identifier: fields.email, password: TEST_PASSWORD },
    });
    await t.worker.runDueWork();
    const phone = '+33' + fields.mobilePhone.slice(1);
    const sent = gw.received.find((r) => r.body.to === phone);
    expect(sent?.auth).toBe('Bearer jeton-de-test');
    expect(sent?.key).toMatch(/^login_code:/);
    expect(sent?.body.text).toMatch(/code de connexion est \d{6}/);
    expect((await state(phone))?.state).toBe('sent');
  });

  it('D3: a gateway failure is retried with backoff, a refusal goes dead at once, nothing is lost', async () => {
    gw.setStatus(503);
    await t.deps.db.transaction((tx) =>
      enqueue(tx, t.clock, t.deps.cipher, {
        channel: 'sms',
        recipient: '+33611111111',
        kind: 'test',
        body: 'Bonjour',
      }),
    );
    await t.worker.runDueWork();
    expect(await state('+33611111111')).toMatchObject({ state: 'pending', attempts: 1 });
    gw.setStatus(202);
    await t.worker.runDueWork(); // not due yet: backoff
    expect((await state('+33611111111'))?.attempts).toBe(1);
    await t.app.inject({ method: 'POST', url: '/api/test/clock', payload: { advanceMs: 120_000 } });
    expect(await state('+33611111111')).toMatchObject({ state: 'sent', attempts: 2 });

    gw.setStatus(400);
    await t.deps.db.transaction((tx) =>
      enqueue(tx, t.clock, t.deps.cipher, {
        channel: 'sms',
        recipient: '+33622222222',
        kind: 'test',
        body: 'Bonjour',
      }),
    );
    await t.worker.runDueWork();
    expect(await state('+33622222222')).toMatchObject({ state: 'dead', attempts: 1 });
    gw.setStatus(202);
  });

  it('D3: the outbox row is written in the transaction of the change: a rollback sends nothing', async () => {
    await expect(
      t.deps.db.transaction(async (tx) => {
        await enqueue(tx, t.clock, t.deps.cipher, {
          channel: 'sms',
          recipient: '+33633333333',
          kind: 'test',
          body: 'x',
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await state('+33633333333')).toBeUndefined();
  });

  it('D21: outbox bodies (codes, temporary passwords) are encrypted at rest', async () => {
    const raw = await rows<{ body: Uint8Array }>(t.deps.db, sql`SELECT body FROM outbox`);
    expect(raw.length).toBeGreaterThan(0);
    for (const r of raw)
      expect(Buffer.from(r.body).toString('latin1')).not.toMatch(/code de connexion|Bonjour/);
  });

  it('retry delays grow exponentially with jitter and stop after the last attempt', () => {
    expect(retryDelayMs(1, () => 0)).toBe(2_500);
    expect(retryDelayMs(1, () => 1)).toBe(5_000);
    expect(retryDelayMs(4, () => 1)).toBe(40_000);
    expect(retryDelayMs(30, () => 1)).toBe(3_600_000);
    expect(MAX_ATTEMPTS).toBeGreaterThanOrEqual(5);
  });
});
