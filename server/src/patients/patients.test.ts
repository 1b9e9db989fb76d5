import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../db/client.ts';
import { sha256Hex } from '../shared/crypto.ts';
import { canonicalJson } from '../audit/append-audit.ts';
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
let t: TestApp;
let support: LoggedIn;
let creator: Pro, usual: Pro, doctor: Pro, stranger: Pro, strangerDoctor: Pro;
const directoryDoctorRpps = rpps(55_501);

beforeAll(async () => {
  t = await createTestApp();
  support = await supportSession(t);
  creator = await activeProfessional(t, support, { profession: '60' });
  usual = await activeProfessional(t, support, { profession: '70', firstName: 'Inès', lastName: 'Haddad' });
  doctor = await activeProfessional(t, support, {
    profession: '10',
    firstName: 'Hélène',
    lastName: 'Dupont',
  });
  stranger = await activeProfessional(t, support, { profession: '60' });
  strangerDoctor = await activeProfessional(t, support, { profession: '10' });
  // A doctor of the national directory who is not a Relais user, with an MSSanté mailbox.
  await t.deps.db.execute(sql`
    INSERT INTO directory_persons (national_id, identifier_type, identifier, last_name, first_name, profession_code,
                                   profession_label, activities, search_key, line)
    VALUES (${'8' + directoryDoctorRpps}, 'rpps', ${directoryDoctorRpps}, 'LEROY', 'PAUL', '10', 'Médecin',
            ${JSON.stringify([['CABINET LEROY', '3 RUE FERAY', '91100', '91174', 'Corbeil-Essonnes', null]])}::json,
            'leroy paul', 2)`);
  await t.deps.db.execute(sql`
    INSERT INTO directory_mssante (national_id, address, mailbox_type, line)
    VALUES (${'8' + directoryDoctorRpps}, 'paul.leroy@medecin.mssante.fr', 'PER', 2)`);
});
afterAll(() => t.close());

const PATIENT = {
  firstName: 'Jérôme',
  lastName: 'Dupuis-Lefèvre',
  birthDate: '1941-03-12',
  sex: 'M',
  address: { line: '4 allée des Tilleuls', postalCode: '91000', city: 'Évry-Courcouronnes' },
  phone: '01 60 12 34 56',
};

const create = (token: string, body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/patients', headers: bearer(token), payload: body });

type File = {
  id: string;
  myAccess: string;
  commune: { insee: string };
  careTeam: { id: string; reasons: string[] }[];
  treatingDoctor: { kind: string; hasSecureMailbox?: boolean; user?: { id: string } } | null;
};

async function auditCount(patientId: string, outcome?: string) {
  const [r] = await rows<{ n: number }>(
    t.deps.db,
    outcome
      ? sql`SELECT count(*)::int AS n FROM audit_log WHERE patient_id = ${patientId} AND outcome = ${outcome}`
      : sql`SELECT count(*)::int AS n FROM audit_log WHERE patient_id = ${patientId}`,
  );
  return r?.n ?? 0;
}

describe('patient files and the access rule', () => {
  let file: File;

  it('D16: the creator creates a file and joins the care team with the usual professionals', async () => {
    const res = await create(creator.token, {
      ...PATIENT,
      treatingDoctor: { userId: doctor.userId },
      usualProfessionalIds: [usual.userId],
    });
    expect(res.statusCode, res.body).toBe(201);
    file = res.json<File>();
    expect(file.commune.insee).toBe('91228');
    expect(file.myAccess).toBe('care_team');
    expect(file.careTeam.map((m) => [m.id, m.reasons])).toEqual(
      expect.arrayContaining([
        [creator.userId, ['creator']],
        [usual.userId, ['usual']],
      ]),
    );
    expect(file.treatingDoctor).toMatchObject({ kind: 'user', user: { id: doctor.userId } });
  });

  it('D16: every patient endpoint answers 404 to a stranger, 200 to the care team, and audits each attempt', async () => {
    const endpoints = [
      { method: 'GET' as const, url: `/api/patients/${file.id}` },
      { method: 'GET' as const, url: `/api/patients/${file.id}/care-team` },
      { method: 'PATCH' as const, url: `/api/patients/${file.id}`, payload: { phone: '0160000000' } },
    ];
    for (const e of endpoints) {
      for (const outsider of [stranger, strangerDoctor]) {
        const before = await auditCount(file.id, 'refused');
        const res = await t.app.inject({ ...e, headers: bearer(outsider.token) });
        expect(res.statusCode, `${e.method} ${e.url}`).toBe(404);
        expect(res.body).not.toContain('Dupuis');
        expect(await auditCount(file.id, 'refused')).toBe(before + 1);
      }
      for (const member of [creator, usual]) {
        const before = await auditCount(file.id, 'success');
        const res = await t.app.inject({ ...e, headers: bearer(member.token) });
        expect(res.statusCode, `${e.method} ${e.url}`).toBe(200);
        expect(await auditCount(file.id, 'success')).toBe(before + 1);
      }
    }
    // Unknown and foreign ids answer exactly alike: existence does not leak.
    const unknown = await t.app.inject({
      url: '/api/patients/00000000-0000-4000-8000-000000000000',
      headers: bearer(stranger.token),
    });
    const foreign = await t.app.inject({ url: `/api/patients/${file.id}`, headers: bearer(stranger.token) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toBe(foreign.body);
  });

  it('D15: the registered médecin traitant reads the file and sees it in "Patients en coordination", but does not edit', async () => {
    const read = await t.app.inject({ url: `/api/patients/${file.id}`, headers: bearer(doctor.token) });
    expect(read.statusCode).toBe(200);
    expect(read.json<File>().myAccess).toBe('treating_doctor');
    const list = await t.app.inject({ url: '/api/patients', headers: bearer(doctor.token) });
    expect(list.json<{ id: string; myAccess: string }[]>()).toEqual([
      expect.objectContaining({ id: file.id, myAccess: 'treating_doctor' }),
    ]);
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/patients/${file.id}`,
      headers: bearer(doctor.token),
      payload: { phone: '0160000001' },
    });
    expect(edit.statusCode).toBe(404);
  });

  it('D16: "Patients en coordination" lists only my files and finds them by name, accents and case aside', async () => {
    const mine = await t.app.inject({ url: '/api/patients', headers: bearer(creator.token) });
    expect(mine.json<{ id: string }[]>().map((p) => p.id)).toContain(file.id);
    expect((await t.app.inject({ url: '/api/patients', headers: bearer(stranger.token) })).json()).toEqual(
      [],
    );
    for (const q of ['dup', 'DUPUIS', 'lefevre', 'Jérô', 'jerome dup']) {
      const res = await t.app.inject({
        url: `/api/patients?q=${encodeURIComponent(q)}`,
        headers: bearer(creator.token),
      });
      expect(
        res.json<{ id: string }[]>().map((p) => p.id),
        q,
      ).toContain(file.id);
    }
    for (const q of ['martin', 'jerome martin', 'x']) {
      const res = await t.app.inject({
        url: `/api/patients?q=${encodeURIComponent(q)}`,
        headers: bearer(creator.token),
      });
      expect(
        res.json<{ id: string }[]>().map((p) => p.id),
        q,
      ).not.toContain(file.id);
    }
  });

  it('D21: the raw table holds no plaintext name, address, phone or coordinates', async () => {
    const raw = await rows<Record<string, unknown>>(
      t.deps.db,
      sql`SELECT * FROM patients WHERE id = ${file.id}`,
    );
    const index = await rows<Record<string, unknown>>(
      t.deps.db,
      sql`SELECT * FROM patient_name_index WHERE patient_id = ${file.id}`,
    );
    const dump =
      JSON.stringify(raw, (_k, v: unknown) =>
        v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v,
      ) +
      JSON.stringify(index, (_k, v: unknown) =>
        v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v,
      );
    for (const plain of ['Jérôme', 'Jerome', 'Dupuis', 'Tilleuls', '0160', '601234', '1941-03-12', 'dup'])
      expect(dump, plain).not.toContain(plain);
    expect(index.length).toBeGreaterThan(5);
  });

  it('D20: an edit is audited with a hash of the previous value, never the value', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/patients/${file.id}`,
      headers: bearer(creator.token),
      payload: { lastName: 'Dupuis', phone: '06 11 22 33 44' },
    });
    expect(res.statusCode).toBe(200);
    const [audit] = await rows<{ details: { previousValueHashes: Record<string, string> } }>(
      t.deps.db,
      sql`SELECT details FROM audit_log WHERE patient_id = ${file.id} AND action = 'patient.update'
          AND outcome = 'success' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit?.details.previousValueHashes).toEqual({
      lastName: sha256Hex(canonicalJson('Dupuis-Lefèvre')),
      phone: expect.any(String) as string,
    });
    expect(JSON.stringify(audit)).not.toContain('Lefèvre');
    // The blind index follows the new name.
    const found = await t.app.inject({ url: '/api/patients?q=lefevre', headers: bearer(creator.token) });
    expect(found.json()).toEqual([]);
  });

  it('D15: a médecin traitant from the national directory who is not a user; the MSSanté mailbox is known', async () => {
    const res = await create(creator.token, {
      ...PATIENT,
      treatingDoctor: { identifier: directoryDoctorRpps },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<File>().treatingDoctor).toMatchObject({
      kind: 'directory',
      nationalId: '8' + directoryDoctorRpps,
      name: 'Dr Paul LEROY',
      hasSecureMailbox: true,
    });
  });

  it('D16: support accounts do not see patient data', async () => {
    expect((await t.app.inject({ url: '/api/patients', headers: bearer(support.token) })).statusCode).toBe(
      403,
    );
    expect(
      (await t.app.inject({ url: `/api/patients/${file.id}`, headers: bearer(support.token) })).statusCode,
    ).toBe(403);
  });
});

describe('bad input', () => {
  const count = async () =>
    (await rows<{ n: number }>(t.deps.db, sql`SELECT count(*)::int AS n FROM patients`))[0]?.n;

  it('D16: invalid fields are named in French and nothing is written', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ birthDate: '2999-01-01' }, 'birthDate'],
      [{ birthDate: '1899-12-31' }, 'birthDate'],
      [{ birthDate: '1950-02-30' }, 'birthDate'],
      [{ address: { ...PATIENT.address, postalCode: '00000', city: 'Nullepart' } }, 'address.postalCode'],
      [{ address: { ...PATIENT.address, postalCode: '99999' } }, 'address.postalCode'],
      [{ treatingDoctor: { identifier: rpps(99_999) } }, 'treatingDoctor'],
      [{ treatingDoctor: { userId: creator.userId } }, 'treatingDoctor'],
      [{ usualProfessionalIds: [support.userId] }, 'usualProfessionalIds'],
      [{ sex: 'X' }, 'sex'],
      [{ phone: '12' }, 'phone'],
      [{ nir: '1410391228001' }, 'nir'],
    ];
    const before = await count();
    for (const [override, field] of cases) {
      const res = await create(creator.token, { ...PATIENT, ...override });
      expect(res.statusCode, JSON.stringify(override)).toBe(400);
      const fields = res.json<{ error: { details: { fields: Record<string, string> } } }>().error.details
        .fields;
      expect(Object.keys(fields), JSON.stringify(override)).toContain(field);
    }
    expect(await count()).toBe(before);
  });
});
