import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../db/client.ts';
import { createWorker, type Worker } from '../jobs/worker.ts';
import {
  activeProfessional,
  bearer,
  createTestApp,
  supportSession,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';
import { startPushEndpoint, type PushEndpoint } from './test-peers.ts';

type Pro = Awaited<ReturnType<typeof activeProfessional>>;
let t: TestApp;
let push: PushEndpoint;
let worker: Worker;
let support: LoggedIn;
let declencheur: Pro, nurseA: Pro, nurseB: Pro, nurseC: Pro;
let patientId: string;

const EVRY = { line: '1 place des Droits de l’Homme', postalCode: '91000', city: 'Évry-Courcouronnes' };
/** Monday 30 November 2026, 07:00 in Paris (UTC+1): before the 08:00–20:00 hours of nurses A and B. */
const BEFORE_HOURS = '2026-11-30T06:00:00.000Z';
const HOURS_START = '2026-11-30T07:00:00.000Z';
const WEEK = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const schedule = (day: { mode: string; ranges: { start: string; end: string }[] }) => ({
  days: Object.fromEntries(WEEK.map((d) => [d, day])),
});

const call = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
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
    details: { startDate: '2026-12-01', frequency: 'quotidien', durationDays: 7 },
    description: 'Pansement simple',
    homeVisit: true,
    responseMinutes: 480,
    patientId,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

const rowOf = async (key: string) =>
  (
    await rows<{
      state: string;
      attempts: number;
      last_error: string | null;
      next_attempt_at: string | Date;
      postponed_at: unknown;
    }>(
      t.deps.db,
      sql`SELECT state, attempts, last_error, next_attempt_at, postponed_at FROM outbox WHERE idempotency_key = ${key}`,
    )
  )[0];
const receivedBy = (name: string) => push.received.filter((r) => r.name === name);

beforeAll(async () => {
  push = await startPushEndpoint();
  t = await createTestApp({ RELAIS_SESSION_IDLE_MINUTES: '1440', RELAIS_SESSION_MAX_HOURS: '720' });
  t.clock.set(new Date(BEFORE_HOURS));
  worker = createWorker(t.deps, { pushAgent: push.agent() });
  support = await supportSession(t);
  declencheur = await pro();
  nurseA = await pro();
  nurseB = await pro();
  nurseC = await pro();
  for (const [p, name] of [
    [nurseA, 'a'],
    [nurseB, 'b'],
    [nurseC, 'c'],
  ] as const) {
    const res = await call(p.token, 'POST', '/api/me/push-subscriptions', push.subscribe(name));
    expect(res.statusCode, res.body).toBe(201);
  }
  const hours = schedule({ mode: 'custom', ranges: [{ start: '08:00', end: '20:00' }] });
  for (const p of [nurseA, nurseB])
    expect((await call(p.token, 'PUT', '/api/me/notification-schedule', hours)).statusCode).toBe(200);
  expect(
    (
      await call(
        nurseC.token,
        'PUT',
        '/api/me/notification-schedule',
        schedule({ mode: 'unavailable', ranges: [] }),
      )
    ).statusCode,
  ).toBe(200);
  const created = await call(declencheur.token, 'POST', '/api/patients', {
    firstName: 'Jeanne',
    lastName: 'Martin-Lacoste',
    birthDate: '1940-03-12',
    sex: 'F',
    address: { line: '17 rue des Glycines', postalCode: '91000', city: 'Évry-Courcouronnes' },
  });
  expect(created.statusCode, created.body).toBe(201);
  patientId = created.json<{ id: string }>().id;
  await worker.runDueWork();
  t.clock.set(new Date(BEFORE_HOURS)); // setup took real time: back to 07:00 in Paris
}, 180_000);
afterAll(async () => {
  await t.close();
  await push.stop();
});

let r1: string, r2: string, r3: string;

describe('D6 at delivery', () => {
  it('D6 — outside the hours nothing rings: the row is postponed to the start of the hours, not counted as a try', async () => {
    r1 = await newRequest();
    await worker.runDueWork();
    expect(push.received).toHaveLength(0);
    for (const p of [nurseA, nurseB]) {
      const row = await rowOf(`care_request.new:${r1}:${p.userId}`);
      expect(row).toMatchObject({ state: 'pending', attempts: 0, last_error: null });
      expect(new Date(row?.next_attempt_at ?? 0).toISOString()).toBe(HOURS_START);
      expect(row?.postponed_at).not.toBeNull();
    }
  });

  it('D6 — a schedule that forbids everything: nothing rings, the row is dropped with its reason, the worker goes on', async () => {
    expect(await rowOf(`care_request.new:${r1}:${nurseC.userId}`)).toMatchObject({
      state: 'dropped',
      last_error: 'Aucune heure de notification : tous les jours sont indisponibles (D6)',
    });
    expect(receivedBy('c')).toHaveLength(0);
  });

  it('D6 — when the hours start, still-open requests ring once as one grouped notification; a taken one is dropped', async () => {
    r2 = await newRequest();
    r3 = await newRequest();
    await worker.runDueWork();
    // Nurse B takes the third request before 08:00: for A it is no longer relevant.
    const accepted = await call(nurseB.token, 'POST', `/api/care-requests/${r3}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    await worker.runDueWork();
    expect(receivedBy('a')).toHaveLength(0);
    expect(receivedBy('b')).toHaveLength(0);

    t.clock.set(new Date(Date.parse(HOURS_START) + 1_000));
    await worker.runDueWork();
    for (const name of ['a', 'b']) {
      const got = receivedBy(name);
      expect(got, name).toHaveLength(1);
      expect(got[0]?.payload).toEqual({
        title: '2 nouvelles demandes de prise en charge',
        body: 'Reçues en dehors de vos heures de notification. Ouvrez Relais pour les consulter.',
        url: '/demandes',
        tag: 'grouped:care_requests',
        kind: 'care_request.new',
        count: 2,
      });
    }
    expect(await rowOf(`care_request.new:${r3}:${nurseA.userId}`)).toMatchObject({
      state: 'dropped',
      last_error: 'Demande déjà prise',
    });
    expect(await rowOf(`care_request.new:${r3}:${nurseB.userId}`)).toMatchObject({ state: 'dropped' });
    expect(await rowOf(`care_request.taken:${r3}:${nurseA.userId}`)).toMatchObject({ state: 'dropped' });
    for (const r of [r1, r2])
      expect(await rowOf(`care_request.new:${r}:${nurseA.userId}`)).toMatchObject({ state: 'sent' });

    // Once: later passes send nothing more.
    t.clock.advance(3_600_000);
    await worker.runDueWork();
    expect(receivedBy('a')).toHaveLength(1);
    expect(receivedBy('b')).toHaveLength(1);
  });

  it('D6 — within the hours a new request rings at once, alone', async () => {
    const r4 = await newRequest();
    await worker.runDueWork();
    const last = receivedBy('a').at(-1);
    expect(receivedBy('a')).toHaveLength(2);
    expect(last?.payload).toMatchObject({ tag: `care_request.new:${r4}`, kind: 'care_request.new' });
    expect(last?.payload?.count).toBeUndefined();
    expect(receivedBy('c')).toHaveLength(0);
  });
});
