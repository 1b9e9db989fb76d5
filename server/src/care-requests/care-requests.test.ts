import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../db/client.ts';
import { createCareRequest } from './create-care-request.ts';
import { acceptCareRequest } from './respond-to-care-request.ts';
import type { AppError } from '../shared/errors.ts';
import {
  activeProfessional,
  bearer,
  createTestApp,
  supportSession,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';

type Pro = Awaited<ReturnType<typeof activeProfessional>>;
let t: TestApp;
let support: LoggedIn;
let declencheur: Pro, usualNurse: Pro, pool1: Pro, pool2: Pro, farNurse: Pro, kine: Pro, doctor: Pro;

const EVRY = { line: '1 place des Droits de l’Homme', postalCode: '91000', city: 'Évry-Courcouronnes' };
const LYON = { line: '1 place Bellecour', postalCode: '69002', city: 'Lyon' };
const PATIENT = {
  firstName: 'Marguerite',
  lastName: 'Vasseur-Quintal',
  birthDate: '1938-07-02',
  sex: 'F',
  address: { line: '17 rue des Glycines', postalCode: '91000', city: 'Évry-Courcouronnes' },
  phone: '01 69 87 65 43',
};
const DESCRIPTION = 'Ulcère veineux jambe gauche, pansement hydrocolloïde, patiente diabétique';
const REQUEST = {
  profession: '60',
  careType: 'pansement',
  details: { startDate: '2026-11-26', frequency: 'tous les 2 jours', durationDays: 14 },
  description: DESCRIPTION,
  homeVisit: true,
  responseMinutes: 240,
};

const api = (token: string) => ({
  get: (url: string) => t.app.inject({ url, headers: bearer(token) }),
  post: (url: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url, headers: bearer(token), ...(payload ? { payload } : {}) }),
});
const advance = (ms: number) =>
  t.app.inject({ method: 'POST', url: '/api/test/clock', payload: { advanceMs: ms } });
const eventsOf = async (userId: string, type: string) =>
  rows<{ payload: { requestId: string } }>(
    t.deps.db,
    sql`SELECT payload FROM user_events WHERE user_id = ${userId} AND type = ${type} ORDER BY id`,
  );

async function pro(profession: string, officeAddress = EVRY, extra: Record<string, unknown> = {}) {
  const p = await activeProfessional(t, support, { profession, officeAddress, ...extra });
  const activity = await api(p.token).get('/api/me/activity'); // attributes the default 10 km zone
  expect(activity.statusCode, activity.body).toBe(200);
  return p;
}

async function newPatient(usualIds: string[] = [], treatingDoctor?: string) {
  const res = await api(declencheur.token).post('/api/patients', {
    ...PATIENT,
    usualProfessionalIds: usualIds,
    ...(treatingDoctor ? { treatingDoctor: { userId: treatingDoctor } } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function newRequest(patientId: string, overrides: Record<string, unknown> = {}) {
  const res = await api(declencheur.token).post('/api/care-requests', {
    ...REQUEST,
    patientId,
    ...overrides,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{
    id: string;
    phase: string;
    recipients: number;
    priorityUntil: string;
    expiresAt: string;
  }>();
}

const inboxIds = async (p: Pro) =>
  (await api(p.token).get('/api/care-requests/inbox')).json<{ id: string }[]>().map((r) => r.id);

// The clock moves by hours here: sessions must outlive it.
const LONG_SESSIONS = { RELAIS_SESSION_IDLE_MINUTES: '1440', RELAIS_SESSION_MAX_HOURS: '720' };

beforeAll(async () => {
  t = await createTestApp(LONG_SESSIONS);
  support = await supportSession(t);
  declencheur = await pro('60');
  usualNurse = await pro('60', EVRY, { firstName: 'Ursule', lastName: 'Habituelle' });
  pool1 = await pro('60');
  pool2 = await pro('60');
  farNurse = await pro('60', LYON);
  kine = await pro('70');
  doctor = await pro('10', EVRY, { firstName: 'Hélène', lastName: 'Dupont' });
}, 120_000);
afterAll(() => t.close());

describe('creating a request', () => {
  it('D7: a care team member creates a request with a deadline of their choice', async () => {
    const patientId = await newPatient();
    const created = await newRequest(patientId);
    expect(created.phase).toBe('pool');
    expect(Date.parse(created.expiresAt) - Date.parse(created.priorityUntil)).toBe(240 * 60_000);
    const sent = (await api(declencheur.token).get('/api/care-requests/sent')).json<
      { id: string; status: string }[]
    >();
    expect(sent[0]).toMatchObject({ id: created.id, status: 'open' });
  });

  it('D7: bad input is refused in French and nothing is written', async () => {
    const patientId = await newPatient();
    const count = async () =>
      (await rows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM care_requests`))[0]?.n;
    const before = await count();
    for (const [override, field] of [
      [{ responseMinutes: 29 }, 'responseMinutes'],
      [{ responseMinutes: 7 * 24 * 60 + 1 }, 'responseMinutes'],
      [{ profession: '99' }, 'profession'],
      [{ careType: 'massage' }, 'careType'],
      [{ details: { startDate: 'demain', frequency: '', durationDays: 0 } }, 'details.startDate'],
    ] as const) {
      const res = await api(declencheur.token).post('/api/care-requests', {
        ...REQUEST,
        patientId,
        ...override,
      });
      expect(res.statusCode, JSON.stringify(override)).toBe(400);
      expect(
        Object.keys(res.json<{ error: { details: { fields: object } } }>().error.details.fields),
      ).toContain(field);
    }
    const foreign = await api(pool1.token).post('/api/care-requests', { ...REQUEST, patientId });
    expect(foreign.statusCode).toBe(404);
    expect(await count()).toBe(before);
  });
});

describe('who sees what, when', () => {
  it('D8: usual professionals of the profession have the request alone for half the deadline, and keep it to the end', async () => {
    const patientId = await newPatient([usualNurse.userId, kine.userId]);
    const created = await newRequest(patientId);
    expect(created.phase).toBe('priority');
    expect(created.recipients).toBe(1);
    expect(await inboxIds(usualNurse)).toContain(created.id);
    expect(await inboxIds(kine)).not.toContain(created.id);
    expect(await inboxIds(pool1)).not.toContain(created.id);
    expect((await api(pool1.token).get(`/api/care-requests/${created.id}`)).statusCode).toBe(404);
    // A minute of margin: real time passes between the steps on a busy machine.
    await advance(119 * 60_000);
    expect(await inboxIds(pool1)).not.toContain(created.id);
    await advance(61_000);
    expect(await inboxIds(pool1)).toContain(created.id);
    expect(await inboxIds(pool2)).toContain(created.id);
    expect(await inboxIds(usualNurse)).toContain(created.id);
    await advance(120 * 60_000);
    expect(await inboxIds(usualNurse)).not.toContain(created.id);
  });

  it('D8: when every usual professional declines before half the deadline, the pool opens at once', async () => {
    const patientId = await newPatient([usualNurse.userId]);
    const created = await newRequest(patientId);
    expect(created.phase).toBe('priority');
    expect(
      (await api(usualNurse.token).post(`/api/care-requests/${created.id}/decline`, { reason: 'Complet' }))
        .statusCode,
    ).toBe(204);
    expect(await inboxIds(pool1)).toContain(created.id);
    expect(await inboxIds(usualNurse)).not.toContain(created.id);
  });

  it('D9: the pool is the active professionals of that profession whose zone holds the commune, home visits honoured, déclencheur excluded', async () => {
    const patientId = await newPatient();
    const created = await newRequest(patientId);
    const recipients = (
      await rows<{ user_id: string }>(
        t.deps.db,
        sql`SELECT user_id FROM care_request_recipients WHERE request_id = ${created.id}`,
      )
    ).map((r) => r.user_id);
    expect(recipients).toEqual(expect.arrayContaining([pool1.userId, pool2.userId, usualNurse.userId]));
    for (const outside of [declencheur, farNurse, kine, doctor])
      expect(recipients).not.toContain(outside.userId);
    // A nurse who stops home visits leaves home-visit pools but stays in office ones.
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/me/activity',
      headers: bearer(pool2.token),
      payload: { homeVisits: false, officeConsultations: true, radiusKm: 10, removedCommunes: [] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const home = await newRequest(patientId);
    const office = await newRequest(patientId, { homeVisit: false });
    expect(await inboxIds(pool2)).not.toContain(home.id);
    expect(await inboxIds(pool2)).toContain(office.id);
    await t.app.inject({
      method: 'PUT',
      url: '/api/me/activity',
      headers: bearer(pool2.token),
      payload: { homeVisits: true, officeConsultations: true, radiusKm: 10, removedCommunes: [] },
    });
  });

  it('D9: a blocked professional leaves every pool at once and comes back when unblocked', async () => {
    const patientId = await newPatient();
    const nurse = await pro('60');
    const admin = (action: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/admin/accounts/${nurse.userId}/${action}`,
        headers: bearer(support.token),
        ...(action === 'block' ? { payload: {} } : {}),
      });
    const reaches = async () => {
      const created = await newRequest(patientId);
      const recipients = await rows<{ user_id: string }>(
        t.deps.db,
        sql`SELECT user_id FROM care_request_recipients WHERE request_id = ${created.id}`,
      );
      return recipients.map((r) => r.user_id).includes(nurse.userId);
    };
    expect(await reaches()).toBe(true);
    expect((await admin('block')).statusCode).toBe(204);
    expect(await reaches()).toBe(false);
    expect((await admin('unblock')).statusCode).toBe(204);
    expect(await reaches()).toBe(true);
  });

  it('D9: recipients always name a request and a user that exist, checked once per statement', async () => {
    const created = await newRequest(await newPatient());
    const insert = (requestId: string, userIds: string[]) =>
      t.deps.db.transaction((tx) =>
        tx.execute(sql`INSERT INTO care_request_recipients (request_id, user_id, via, added_at)
                       SELECT ${requestId}, u, 'pool', now() FROM unnest(${`{${userIds.join(',')}}`}::uuid[]) AS u`),
      );
    const count = async () =>
      (
        await rows<{ n: number }>(
          t.deps.db,
          sql`SELECT count(*)::int AS n FROM care_request_recipients WHERE request_id = ${created.id}`,
        )
      )[0]?.n;
    const before = await count();
    const unknown = '00000000-0000-4000-8000-000000000001';
    // One unknown user among real ones: the whole statement is refused.
    await expect(insert(created.id, [kine.userId, unknown])).rejects.toMatchObject({
      cause: { code: '23503', constraint: 'care_request_recipients_user_id_fkey' },
    });
    await expect(insert(unknown, [kine.userId])).rejects.toMatchObject({
      cause: { code: '23503', constraint: 'care_request_recipients_request_id_fkey' },
    });
    expect(await count()).toBe(before);
    await expect(
      t.deps.db.execute(sql`UPDATE care_request_recipients SET user_id = ${kine.userId}
                            WHERE request_id = ${created.id} AND user_id = ${pool1.userId}`),
    ).rejects.toThrow();
    await expect(t.deps.db.execute(sql`DELETE FROM users WHERE id = ${pool1.userId}`)).rejects.toMatchObject({
      cause: { code: '23503', constraint: 'care_request_recipients_user_id_fkey' },
    });
    expect(await count()).toBe(before);
  });

  it('D10: a pool professional sees no identifying field in any byte of any response or event', async () => {
    const patientId = await newPatient();
    const created = await newRequest(patientId);
    const [location] = await rows<{ id: string }>(
      t.deps.db,
      sql`SELECT id FROM patients WHERE id = ${patientId}`,
    );
    expect(location).toBeDefined();
    const file = (await api(declencheur.token).get(`/api/patients/${patientId}`)).json<{
      location: { lat: number; lon: number };
    }>();
    const forbidden = [
      'Marguerite',
      'Vasseur',
      'Glycines',
      '0169876543',
      '+33169876543',
      'hydrocolloïde',
      'Ulcère',
      'diabétique',
      patientId,
      String(file.location.lat),
      String(file.location.lon),
    ];
    const bodies = [
      (await api(pool1.token).get('/api/care-requests/inbox')).body,
      (await api(pool1.token).get(`/api/care-requests/${created.id}`)).body,
      (await api(pool1.token).get('/api/dashboard')).body,
      (await api(pool1.token).post(`/api/care-requests/${created.id}/decline`, {})).body,
      (await api(pool1.token).get(`/api/care-requests/${created.id}`)).body,
      JSON.stringify(
        await rows(t.deps.db, sql`SELECT type, payload FROM user_events WHERE user_id = ${pool1.userId}`),
      ),
      (await t.app.inject({ url: `/api/test/outbox?channel=push&to=${pool1.userId}` })).body,
    ];
    const view = JSON.parse(bodies[1] ?? '{}') as Record<string, unknown>;
    expect(view.view).toBe('pool');
    expect(Object.keys(view).sort()).toEqual(
      [
        'acceptedByMe',
        'approximateArea',
        'careType',
        'commune',
        'createdAt',
        'details',
        'expiresAt',
        'homeVisit',
        'id',
        'myResponse',
        'phase',
        'profession',
        'status',
        'taken',
        'view',
      ].sort(),
    );
    for (const body of bodies) for (const secret of forbidden) expect(body, secret).not.toContain(secret);
    // The approximate area is the same cell for every request of the patient, and at least 1 km wide.
    const again = await newRequest(patientId);
    const other = (await api(pool2.token).get(`/api/care-requests/${again.id}`)).json<{
      approximateArea: { cellId: string; radiusM: number };
    }>();
    expect(other.approximateArea.cellId).toBe((view.approximateArea as { cellId: string }).cellId);
    expect(other.approximateArea.radiusM).toBeGreaterThanOrEqual(1000);
  });

  it('D11: a usual professional and the registered médecin traitant see the name and description, with the note', async () => {
    const patientId = await newPatient([usualNurse.userId], doctor.userId);
    const created = await newRequest(patientId);
    const seen = (await api(usualNurse.token).get(`/api/care-requests/${created.id}`)).json<{
      view: string;
      patient: { lastName: string };
      description: string;
      note: string;
    }>();
    expect(seen).toMatchObject({
      view: 'privileged',
      patient: { lastName: 'Vasseur-Quintal' },
      description: DESCRIPTION,
      note: 'Professionnel de santé habituel : Ursule Habituelle',
    });
    const byDoctor = (await api(doctor.token).get(`/api/care-requests/${created.id}`)).json<{
      view: string;
      note: string;
    }>();
    expect(byDoctor).toMatchObject({
      view: 'privileged',
      note: 'Professionnel de santé habituel : Hélène Dupont',
    });
  });
});

describe('answering', () => {
  it('D12: simultaneous tries in one process each get their own answer', async () => {
    // Tries on one request in one process are settled together; each must still hear what applies to them.
    const patientId = await newPatient([], doctor.userId);
    const created = await newRequest(patientId);
    expect((await api(pool2.token).post(`/api/care-requests/${created.id}/decline`, {})).statusCode).toBe(
      204,
    );
    const before = await rows<{ n: number }>(
      t.deps.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'care_request.accept' AND target_id = ${created.id}`,
    );
    // Called in one tick, the six tries form one batch (through HTTP they would arrive one by one).
    const who = [farNurse, declencheur, pool2, usualNurse, pool1, pool1];
    const answers = await Promise.allSettled(
      who.map((p) =>
        acceptCareRequest(
          t.deps,
          { actorId: p.userId, actorRole: 'professional', ip: '127.0.0.1', userAgent: 't' },
          created.id,
        ),
      ),
    );
    const outcome = (a: PromiseSettledResult<{ lastName: string }>) =>
      a.status === 'fulfilled'
        ? a.value.lastName
        : `${(a.reason as AppError).code}:${((a.reason as AppError).details as { reason?: string } | undefined)?.reason ?? ''}`;
    expect(answers.map(outcome)).toEqual([
      'not_found:', // never a recipient: the request does not exist for them
      'rule_violated:', // the déclencheur
      'state_conflict:declined',
      'Vasseur-Quintal', // the first eligible try wins and reads the file
      'state_conflict:already_accepted',
      'state_conflict:already_accepted',
    ]);
    const audited = await rows<{ outcome: string; actor_id: string }>(
      t.deps.db,
      sql`SELECT outcome, actor_id FROM audit_log
          WHERE action = 'care_request.accept' AND target_id = ${created.id} ORDER BY seq`,
    );
    expect(before[0]?.n).toBe(0);
    expect(audited).toEqual([
      { outcome: 'refused', actor_id: farNurse.userId },
      { outcome: 'success', actor_id: usualNurse.userId },
    ]);
  });

  it('D12: exactly one of many simultaneous accepts wins; the others are told it was already accepted', async () => {
    const patientId = await newPatient([], doctor.userId);
    const created = await newRequest(patientId);
    const second = await createTestApp(LONG_SESSIONS, t.database); // a second server process on the same database
    try {
      const tries = [pool1, pool2, usualNurse, pool1, pool2, usualNurse].map((p, i) =>
        (i % 2 ? second.app : t.app).inject({
          method: 'POST',
          url: `/api/care-requests/${created.id}/accept`,
          headers: bearer(p.token),
        }),
      );
      const answers = await Promise.all(tries);
      const winners = answers.filter((a) => a.statusCode === 200);
      expect(winners).toHaveLength(1);
      for (const a of answers.filter((x) => x.statusCode !== 200)) {
        expect(a.statusCode).toBe(409);
      }
      const [row] = await rows<{ accepted_by: string }>(
        t.deps.db,
        sql`SELECT accepted_by FROM care_requests WHERE id = ${created.id}`,
      );
      const winner = [pool1, pool2, usualNurse].find((p) => p.userId === row?.accepted_by);
      expect(winner).toBeDefined();
      const file = winners[0]?.json<{ lastName: string; careTeam: { id: string; reasons: string[] }[] }>();
      expect(file?.lastName).toBe('Vasseur-Quintal');
      expect(file?.careTeam.find((m) => m.id === winner?.userId)?.reasons).toContain('accepted');
      // Everyone else who received it is told; the déclencheur and the médecin traitant learn who accepted.
      for (const loser of [pool1, pool2, usualNurse].filter((p) => p !== winner)) {
        expect(
          (await eventsOf(loser.userId, 'care_request.taken')).map((e) => e.payload.requestId),
        ).toContain(created.id);
        const view = (await api(loser.token).get(`/api/care-requests/${created.id}`)).json<{
          taken: boolean;
          view: string;
        }>();
        expect(view).toMatchObject({ taken: true, view: 'pool' });
        const late = await api(loser.token).post(`/api/care-requests/${created.id}/accept`);
        expect(late.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
          'already_accepted',
        );
      }
      expect(
        (await eventsOf(declencheur.userId, 'care_request.accepted')).map((e) => e.payload.requestId),
      ).toContain(created.id);
      expect(
        (await eventsOf(doctor.userId, 'care_request.accepted')).map((e) => e.payload.requestId),
      ).toContain(created.id);
      const sent = (await api(declencheur.token).get('/api/care-requests/sent')).json<
        { id: string; acceptedBy: { id: string } }[]
      >();
      expect(sent.find((s) => s.id === created.id)?.acceptedBy.id).toBe(winner?.userId);
      // The winner now reads the whole file.
      expect((await api(winner?.token ?? '').get(`/api/patients/${patientId}`)).statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('D13: declining records the reason, leaves the inbox, and cannot follow an acceptance', async () => {
    const patientId = await newPatient();
    const created = await newRequest(patientId);
    expect(
      (
        await api(pool1.token).post(`/api/care-requests/${created.id}/decline`, {
          reason: 'Tournée complète',
        })
      ).statusCode,
    ).toBe(204);
    expect(await inboxIds(pool1)).not.toContain(created.id);
    const [r] = await rows<{ response: string; decline_reason: Uint8Array }>(
      t.deps.db,
      sql`SELECT response, decline_reason FROM care_request_recipients WHERE request_id = ${created.id} AND user_id = ${pool1.userId}`,
    );
    expect(r?.response).toBe('declined');
    expect(Buffer.from(r?.decline_reason ?? []).toString('latin1')).not.toContain('Tournée');
    expect((await api(pool1.token).post(`/api/care-requests/${created.id}/accept`)).statusCode).toBe(409);
    expect((await api(pool2.token).post(`/api/care-requests/${created.id}/accept`)).statusCode).toBe(200);
    const after = await api(pool2.token).post(`/api/care-requests/${created.id}/decline`, {});
    expect(after.statusCode).toBe(409);
  });

  it('D13: with no acceptance the request expires at its deadline; the déclencheur is told and relaunches in one tap', async () => {
    const patientId = await newPatient();
    const created = await newRequest(patientId, { responseMinutes: 30 });
    await advance(30 * 60_000 + 1000);
    const sent = (await api(declencheur.token).get('/api/care-requests/sent')).json<
      { id: string; status: string }[]
    >();
    expect(sent.find((s) => s.id === created.id)?.status).toBe('expired');
    expect(
      (await eventsOf(declencheur.userId, 'care_request.expired')).map((e) => e.payload.requestId),
    ).toContain(created.id);
    const late = await api(pool1.token).post(`/api/care-requests/${created.id}/accept`);
    expect(late.statusCode).toBe(409);
    expect(late.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe('expired');
    expect((await api(pool1.token).post(`/api/care-requests/${created.id}/relaunch`, {})).statusCode).toBe(
      403,
    );
    const relaunched = await api(declencheur.token).post(`/api/care-requests/${created.id}/relaunch`, {
      extraRadiusKm: 20,
    });
    expect(relaunched.statusCode, relaunched.body).toBe(201);
    const id = relaunched.json<{ id: string }>().id;
    expect(await inboxIds(pool1)).toContain(id);
    // A second tap on "Relancer" makes no second request.
    const again = await api(declencheur.token).post(`/api/care-requests/${created.id}/relaunch`, {});
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json<{ error: { message: string; details: { reason: string } } }>().error).toMatchObject({
      message: 'Cette demande a déjà été relancée.',
      details: { reason: 'relaunched' },
    });
    const [relaunches] = await rows<{ n: number }>(
      t.deps.db,
      sql`SELECT count(*)::int AS n FROM care_requests WHERE relaunched_from = ${created.id}`,
    );
    expect(relaunches?.n).toBe(1);
  });

  it('D13: the déclencheur cancels an open request and recipients are told; nobody else can cancel', async () => {
    const patientId = await newPatient();
    const created = await newRequest(patientId);
    expect((await api(pool1.token).post(`/api/care-requests/${created.id}/cancel`)).statusCode).toBe(403);
    expect((await api(declencheur.token).post(`/api/care-requests/${created.id}/cancel`)).statusCode).toBe(
      204,
    );
    expect(
      (await eventsOf(pool1.userId, 'care_request.cancelled')).map((e) => e.payload.requestId),
    ).toContain(created.id);
    const accept = await api(pool1.token).post(`/api/care-requests/${created.id}/accept`);
    expect(accept.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe('cancelled');
    expect((await api(farNurse.token).post(`/api/care-requests/${created.id}/accept`)).statusCode).toBe(404);
  });

  it('D14: the dashboard counts open requests visible to me that I have not answered', async () => {
    const before = (await api(pool2.token).get('/api/dashboard')).json<{ pendingRequests: number }>()
      .pendingRequests;
    expect(before).toBe((await inboxIds(pool2)).length);
    const patientId = await newPatient();
    const created = await newRequest(patientId);
    expect(
      (await api(pool2.token).get('/api/dashboard')).json<{ pendingRequests: number }>().pendingRequests,
    ).toBe(before + 1);
    await api(pool2.token).post(`/api/care-requests/${created.id}/decline`, {});
    expect(
      (await api(pool2.token).get('/api/dashboard')).json<{ pendingRequests: number }>().pendingRequests,
    ).toBe(before);
    expect((await eventsOf(pool2.userId, 'care_request.new')).map((e) => e.payload.requestId)).toContain(
      created.id,
    );
  });

  it('D22: COVID-19 home follow-up goes to nurses; when one accepts, every nurse who received it is told', async () => {
    const patientId = await newPatient();
    const created = await newRequest(patientId, { careType: 'suivi_covid' });
    expect((await api(pool1.token).post(`/api/care-requests/${created.id}/accept`)).statusCode).toBe(200);
    for (const nurse of [pool2, usualNurse])
      expect((await eventsOf(nurse.userId, 'care_request.taken')).map((e) => e.payload.requestId)).toContain(
        created.id,
      );
  });
});

describe('restart', () => {
  it('D8: a restart loses nothing — a new process opens the pool and expires the request on time', async () => {
    const patientId = await newPatient([usualNurse.userId]);
    const created = await newRequest(patientId, { responseMinutes: 60 });
    const restarted = await createTestApp(LONG_SESSIONS, t.database);
    try {
      const clock = (ms: number) =>
        restarted.app.inject({
          method: 'POST',
          url: '/api/test/clock',
          payload: { set: new Date(t.clock.now().getTime() + ms).toISOString() },
        });
      await clock(29 * 60_000);
      const phase = async () =>
        (
          await rows<{ phase: string; status: string }>(
            t.deps.db,
            sql`SELECT phase, status FROM care_requests WHERE id = ${created.id}`,
          )
        )[0];
      expect(await phase()).toEqual({ phase: 'priority', status: 'open' });
      await clock(31 * 60_000);
      expect(await phase()).toEqual({ phase: 'pool', status: 'open' });
      await clock(61 * 60_000);
      expect(await phase()).toEqual({ phase: 'pool', status: 'expired' });
    } finally {
      await restarted.close();
    }
  });
});

describe('sending again', () => {
  const send = (patientId: string, key: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/care-requests',
      headers: { ...bearer(declencheur.token), 'idempotency-key': key },
      payload: { ...REQUEST, patientId },
    });
  const requestsOf = async (patientId: string) =>
    (
      await rows<{ n: number }>(
        t.deps.db,
        sql`SELECT count(*)::int AS n FROM care_requests WHERE patient_id = ${patientId}`,
      )
    )[0]?.n;

  it('D7: the same Idempotency-Key sent again, even at the same instant, answers the one request it created', async () => {
    const patientId = await newPatient();
    const first = await send(patientId, 'envoi-0001-abcdef');
    expect(first.statusCode, first.body).toBe(201);
    const again = await send(patientId, 'envoi-0001-abcdef');
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    expect(again.json<{ recipients: number }>().recipients).toBe(
      first.json<{ recipients: number }>().recipients,
    );
    const together = await Promise.all([
      send(patientId, 'envoi-0002-abcdef'),
      send(patientId, 'envoi-0002-abcdef'),
    ]);
    expect(together.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(new Set(together.map((r) => r.json<{ id: string }>().id)).size).toBe(1);
    expect(await requestsOf(patientId)).toBe(2);
    const told = (await eventsOf(pool1.userId, 'care_request.new')).filter((e) =>
      [first, together[0]].some((r) => r.json<{ id: string }>().id === e.payload.requestId),
    );
    expect(told).toHaveLength(2); // one alert per request, not per send
  });

  it('D7: a key reused for another patient, or malformed, is refused and nothing is written', async () => {
    const patientId = await newPatient();
    const other = await newPatient();
    expect((await send(patientId, 'envoi-0003-abcdef')).statusCode).toBe(201);
    const reused = await send(other, 'envoi-0003-abcdef');
    expect(reused.statusCode, reused.body).toBe(409);
    expect(reused.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
      'idempotency_key_reused',
    );
    const bad = await send(other, 'court');
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.body).toContain('Clé d’envoi invalide');
    expect(await requestsOf(other)).toBe(0);
  });
});

describe('telling a whole audience', () => {
  const ctx = (p: Pro) => ({
    actorId: p.userId,
    actorRole: 'professional' as const,
    ip: '127.0.0.1',
    userAgent: 't',
  });
  const pushRows = async (kind: string, requestId: string) =>
    (
      await rows<{ n: number }>(
        t.deps.db,
        sql`SELECT count(*)::int AS n FROM outbox WHERE kind = ${kind} AND idempotency_key LIKE ${`${kind}:${requestId}:%`}`,
      )
    )[0]?.n;

  it('D9/D12: what a dying process committed but did not yet tell is told by the next worker pass, once', async () => {
    const patientId = await newPatient();
    // The use case alone, as a process that commits and dies before the route tells the audience.
    const created = await createCareRequest(t.deps, ctx(declencheur), {
      ...REQUEST,
      patientId,
    } as Parameters<typeof createCareRequest>[2]);
    const recipients = (
      await rows<{ user_id: string }>(
        t.deps.db,
        sql`SELECT user_id FROM care_request_recipients WHERE request_id = ${created.id}`,
      )
    ).map((r) => r.user_id);
    expect(recipients).toHaveLength(created.recipients);
    expect(recipients).toEqual(expect.arrayContaining([usualNurse.userId, pool1.userId, pool2.userId]));
    expect(recipients).not.toContain(farNurse.userId);
    const toldOf = async (userId: string, type: string) =>
      (await eventsOf(userId, type)).filter((e) => e.payload.requestId === created.id).length;
    expect(await toldOf(pool1.userId, 'care_request.new')).toBe(0);
    expect(await inboxIds(pool1)).toContain(created.id); // the inbox reads the stored recipients: visible already
    await t.worker.runDueWork();
    await t.worker.runDueWork();
    for (const userId of recipients) expect(await toldOf(userId, 'care_request.new')).toBe(1);
    expect(await pushRows('care_request.new', created.id)).toBe(recipients.length);

    await acceptCareRequest(t.deps, ctx(pool1), created.id);
    expect(await pushRows('care_request.taken', created.id)).toBe(0);
    await t.worker.runDueWork();
    expect(await pushRows('care_request.taken', created.id)).toBe(recipients.length - 1);
    for (const userId of recipients)
      expect(await toldOf(userId, 'care_request.taken')).toBe(userId === pool1.userId ? 0 : 1);
    const [left] = await rows<{ n: number }>(
      t.deps.db,
      sql`SELECT count(*)::int AS n FROM care_request_fanouts WHERE request_id = ${created.id}`,
    );
    expect(left?.n).toBe(0);
  });
});
