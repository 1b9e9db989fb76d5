import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { sql } from 'drizzle-orm';
import { rows } from '../db/client.ts';
import {
  activeProfessional,
  bearer,
  createTestApp,
  rpps,
  supportSession,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';

type Pro = Awaited<ReturnType<typeof activeProfessional>>;

/** A local SMTP server, as an MSSanté operator would be: it receives and parses what Relais sends. */
const received: ParsedMail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, _session, callback) {
    simpleParser(stream)
      .then((mail) => {
        received.push(mail);
        callback();
      })
      .catch((error: unknown) => {
        callback(error as Error);
      });
  },
});

let t: TestApp;
let support: LoggedIn;
let creator: Pro, nurse: Pro, doctor: Pro, physio: Pro;
const mssDoctor = rpps(66_601);
const EVRY = { line: '2 rue du Marché', postalCode: '91000', city: 'Évry-Courcouronnes' };
const PATIENT = {
  firstName: 'Odette',
  lastName: 'Ravel',
  birthDate: '1944-05-19',
  sex: 'F',
  address: { line: '9 rue des Peupliers', postalCode: '91000', city: 'Évry-Courcouronnes' },
};
const api = (token: string) => ({
  get: (url: string) => t.app.inject({ url, headers: bearer(token) }),
  post: (url: string, payload?: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: bearer(token),
      ...(payload ? { payload: payload as Record<string, unknown> } : {}),
    }),
});
const COVID_OK = {
  temperature: 37.2,
  spo2: 97,
  respiratory_rate: 16,
  heart_rate: 80,
  dyspnoea_worse: false,
  general_state: 'bon',
};
const BILAN = {
  goals_met: 'oui',
  pain: 2,
  autonomy: 'autonome',
  follow_up_needed: false,
  summary: 'Plaie cicatrisée',
};

beforeAll(async () => {
  const port = await new Promise<number>((resolve) => {
    smtp.listen(0, '127.0.0.1', () => {
      resolve((smtp.server.address() as AddressInfo).port);
    });
  });
  t = await createTestApp({ RELAIS_SMTP_URL: `smtp://127.0.0.1:${port}` });
  support = await supportSession(t);
  creator = await activeProfessional(t, support, { profession: '60', officeAddress: EVRY });
  nurse = await activeProfessional(t, support, { profession: '60', officeAddress: EVRY });
  doctor = await activeProfessional(t, support, { profession: '10', officeAddress: EVRY });
  physio = await activeProfessional(t, support, { profession: '70', officeAddress: EVRY });
  await t.deps.db.execute(sql`
    INSERT INTO directory_persons (national_id, identifier_type, identifier, last_name, first_name, profession_code,
                                   profession_label, activities, search_key, line)
    VALUES (${'8' + mssDoctor}, 'rpps', ${mssDoctor}, 'BERTIN', 'LUC', '10', 'Médecin', '[]'::json, 'bertin luc', 2)`);
  await t.deps.db.execute(sql`INSERT INTO directory_mssante (national_id, address, mailbox_type, line)
                              VALUES (${'8' + mssDoctor}, 'luc.bertin@medecin.mssante.fr', 'PER', 2)`);
}, 120_000);
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => {
    smtp.close(() => {
      resolve();
    });
  });
});

/** A patient whose care the nurse took over through an accepted request. */
async function takenOver(treatingDoctor: Record<string, string>) {
  const created = await api(creator.token).post('/api/patients', {
    ...PATIENT,
    treatingDoctor,
    usualProfessionalIds: [physio.userId],
  });
  expect(created.statusCode, created.body).toBe(201);
  const patientId = created.json<{ id: string }>().id;
  const request = await api(creator.token).post('/api/care-requests', {
    patientId,
    profession: '60',
    careType: 'suivi_covid',
    details: { startDate: '2026-11-26', frequency: '2 passages par jour', durationDays: 10 },
    description: 'Suivi COVID-19, patiente fragile',
    homeVisit: true,
    responseMinutes: 120,
  });
  const requestId = request.json<{ id: string }>().id;
  const accepted = await api(nurse.token).post(`/api/care-requests/${requestId}/accept`);
  expect(accepted.statusCode, accepted.body).toBe(200);
  return { patientId, requestId };
}

describe('questionnaires and indicators', () => {
  it('D17: the built-in bilan and COVID-19 follow-up are listed, with their items and the source of their thresholds', async () => {
    const list = (await api(nurse.token).get('/api/questionnaires')).json<
      { id: string; source: string; items: unknown[] }[]
    >();
    const ids = list.map((q) => q.id);
    expect(ids).toEqual(expect.arrayContaining(['bilan-fin-prise-en-charge', 'suivi-covid-19']));
    expect(list.find((q) => q.id === 'suivi-covid-19')?.source).toMatch(/HAS/);
  });

  it('D22: SpO2 under 95 % is a negative indicator that alerts the other care team members and the médecin traitant, live', async () => {
    const { patientId, requestId } = await takenOver({ userId: doctor.userId });
    const ok = await api(nurse.token).post(`/api/patients/${patientId}/assessments`, {
      questionnaireId: 'suivi-covid-19',
      answers: COVID_OK,
      careRequestId: requestId,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json<{ indicators: { status: string }[] }>().indicators.every((i) => i.status === 'ok')).toBe(
      true,
    );
    expect(
      (await api(doctor.token).get('/api/dashboard')).json<{ unreadAlerts: number }>().unreadAlerts,
    ).toBe(0);

    const bad = await api(nurse.token).post(`/api/patients/${patientId}/assessments`, {
      questionnaireId: 'suivi-covid-19',
      answers: { ...COVID_OK, spo2: 91, heart_rate: 125 },
    });
    expect(bad.statusCode).toBe(201);
    const negative = bad
      .json<{ indicators: { code: string; status: string }[] }>()
      .indicators.filter((i) => i.status === 'negative');
    expect(negative.map((i) => i.code).sort()).toEqual(['heart_rate_high', 'spo2_low']);
    for (const alerted of [doctor, creator, physio]) {
      const alerts = (await api(alerted.token).get('/api/alerts?unread=true')).json<
        { patient: { lastName: string }; indicators: { code: string }[]; author: { id: string } }[]
      >();
      expect(alerts[0]).toMatchObject({ patient: { lastName: 'Ravel' }, author: { id: nurse.userId } });
      expect(alerts[0]?.indicators.map((i) => i.code).sort()).toEqual(['heart_rate_high', 'spo2_low']);
      const events = await rows<{ type: string }>(
        t.deps.db,
        sql`SELECT type FROM user_events WHERE user_id = ${alerted.userId} AND type = 'alert.negative_indicator'`,
      );
      expect(events.length).toBeGreaterThan(0);
    }
    expect((await api(nurse.token).get('/api/alerts')).json()).toEqual([]);
    const [alert] = (await api(doctor.token).get('/api/alerts?unread=true')).json<{ id: string }[]>();
    expect(
      (await api(doctor.token).get('/api/dashboard')).json<{ unreadAlerts: number }>().unreadAlerts,
    ).toBe(1);
    expect((await api(doctor.token).post(`/api/alerts/${alert?.id ?? ''}/read`)).statusCode).toBe(204);
    expect(
      (await api(doctor.token).get('/api/dashboard')).json<{ unreadAlerts: number }>().unreadAlerts,
    ).toBe(0);
    // The timeline shows both responses with their indicators; the médecin traitant reads it.
    const timeline = (await api(doctor.token).get(`/api/patients/${patientId}/assessments`)).json<
      { title: string; indicators: { status: string }[] }[]
    >();
    expect(timeline).toHaveLength(2);
    expect(timeline[0]?.title).toBe('Suivi COVID-19 à domicile');
  });

  it('D17: answers that do not match the definition are refused per item and nothing is written', async () => {
    const { patientId } = await takenOver({ userId: doctor.userId });
    const count = async () =>
      (
        await rows<{ n: number }>(
          t.deps.db,
          sql`SELECT count(*)::int AS n FROM assessments WHERE patient_id = ${patientId}`,
        )
      )[0]?.n;
    for (const [answers, field] of [
      [{ ...COVID_OK, spo2: 120 }, 'answers.spo2'],
      [{ ...COVID_OK, spo2: 'bas' }, 'answers.spo2'],
      [{ ...COVID_OK, general_state: 'excellent' }, 'answers.general_state'],
      [{ ...COVID_OK, heart_rate: undefined }, 'answers.heart_rate'],
      [{ ...COVID_OK, tension: 12 }, 'answers.tension'],
    ] as const) {
      const res = await api(nurse.token).post(`/api/patients/${patientId}/assessments`, {
        questionnaireId: 'suivi-covid-19',
        answers,
      });
      expect(res.statusCode, JSON.stringify(answers)).toBe(400);
      expect(
        Object.keys(res.json<{ error: { details: { fields: object } } }>().error.details.fields),
      ).toContain(field);
    }
    const unknown = await api(nurse.token).post(`/api/patients/${patientId}/assessments`, {
      questionnaireId: 'nope',
      answers: {},
    });
    expect(unknown.statusCode).toBe(400);
    const stranger = await activeProfessional(t, support, { profession: '60' });
    const foreign = await api(stranger.token).post(`/api/patients/${patientId}/assessments`, {
      questionnaireId: 'suivi-covid-19',
      answers: COVID_OK,
    });
    expect(foreign.statusCode).toBe(404);
    expect(await count()).toBe(0);
  });

  it('D17: support adds a questionnaire as data, without code, and care teams can fill it', async () => {
    const definition = {
      id: 'suivi-douleur',
      title: 'Suivi de la douleur',
      kind: 'follow_up',
      professions: [],
      source: 'Échelle numérique de la douleur (HAS)',
      items: [
        { code: 'pain', label: 'Douleur', type: 'number', unit: '/10', min: 0, max: 10, required: true },
      ],
      indicators: [
        { code: 'pain_high', label: 'Douleur ≥ 7', item: 'pain', negativeWhen: { op: '>=', value: 7 } },
      ],
    };
    expect((await api(nurse.token).post('/api/admin/questionnaires', definition)).statusCode).toBe(403);
    const broken = await api(support.token).post('/api/admin/questionnaires', {
      ...definition,
      indicators: [{ ...definition.indicators[0], item: 'absent' }],
    });
    expect(broken.statusCode).toBe(400);
    expect((await api(support.token).post('/api/admin/questionnaires', definition)).json()).toEqual({
      id: 'suivi-douleur',
      version: 1,
    });
    const { patientId } = await takenOver({ userId: doctor.userId });
    const res = await api(nurse.token).post(`/api/patients/${patientId}/assessments`, {
      questionnaireId: 'suivi-douleur',
      answers: { pain: 8 },
    });
    expect(res.json<{ indicators: { status: string }[] }>().indicators[0]?.status).toBe('negative');
  });

  it('D21: answers and indicators are encrypted at rest', async () => {
    const raw = await rows<{ answers: Uint8Array }>(t.deps.db, sql`SELECT answers FROM assessments LIMIT 5`);
    expect(raw.length).toBeGreaterThan(0);
    for (const r of raw)
      expect(Buffer.from(r.answers).toString('latin1')).not.toMatch(/spo2|temperature|pain/);
  });
});

describe('end of care and archives', () => {
  it('D18: ending a series needs an accepted request and a bilan; then the file is in my archives and read-only for me', async () => {
    const { patientId } = await takenOver({ userId: doctor.userId });
    const end = () => api(nurse.token).post(`/api/patients/${patientId}/end-of-care`);
    const noBilan = await end();
    expect(noBilan.statusCode, noBilan.body).toBe(409);
    expect(noBilan.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
      'bilan_missing',
    );
    const byCreator = await api(creator.token).post(`/api/patients/${patientId}/end-of-care`);
    expect(byCreator.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
      'no_series',
    );
    expect(
      (
        await api(nurse.token).post(`/api/patients/${patientId}/assessments`, {
          questionnaireId: 'bilan-fin-prise-en-charge',
          answers: BILAN,
        })
      ).statusCode,
    ).toBe(201);
    expect((await end()).statusCode).toBe(204);
    const twice = await end();
    expect(twice.statusCode, twice.body).toBe(409);
    const archives = (await api(nurse.token).get('/api/archives')).json<
      { id: string; archived: boolean }[]
    >();
    expect(archives).toEqual([expect.objectContaining({ id: patientId, archived: true })]);
    expect(
      (await api(nurse.token).get('/api/patients')).json<{ id: string }[]>().map((p) => p.id),
    ).not.toContain(patientId);
    expect((await api(nurse.token).get(`/api/patients/${patientId}`)).statusCode).toBe(200);
    // Every professional who took the patient over has ended: the file is archived, any write is a conflict.
    const write = await t.app.inject({
      method: 'PATCH',
      url: `/api/patients/${patientId}`,
      headers: bearer(creator.token),
      payload: { phone: '0601020304' },
    });
    expect(write.statusCode).toBe(409);
    expect(write.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe('archived');
    const assess = await api(creator.token).post(`/api/patients/${patientId}/assessments`, {
      questionnaireId: 'bilan-fin-prise-en-charge',
      answers: BILAN,
    });
    expect(assess.statusCode).toBe(409);
  });
});

describe('médecin traitant by MSSanté', () => {
  it('D15: a médecin traitant who is not a user is told by MSSanté mail that care started, with no health detail', async () => {
    received.length = 0;
    await takenOver({ identifier: mssDoctor });
    await t.worker.runDueWork();
    const mail = received.find((m) => m.subject?.includes('RAVEL'));
    expect(mail).toBeDefined();
    const to = Array.isArray(mail?.to) ? mail.to[0] : mail?.to;
    expect(to?.text).toBe('luc.bertin@medecin.mssante.fr');
    expect(mail?.text).toContain('Odette RAVEL');
    expect(mail?.text).toContain(`${nurse.fields.firstName} ${nurse.fields.lastName}`);
    for (const health of ['COVID', 'fragile', 'suivi', 'Suivi', 'pansement'])
      expect(mail?.text, health).not.toContain(health);
    // A registered médecin traitant is informed in the app, not by mail.
    received.length = 0;
    await takenOver({ userId: doctor.userId });
    await t.worker.runDueWork();
    expect(received.filter((m) => m.subject?.includes('RAVEL'))).toHaveLength(0);
  });
});
