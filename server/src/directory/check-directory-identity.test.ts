import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistrationSummary } from '@relais/contracts';
import {
  bearer,
  createTestApp,
  professionalFields,
  register,
  rpps,
  supportSession,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';
import {
  fieldsOf,
  generateAnnuaire,
  importFolder,
  readLines,
  type AnnuaireFolder,
} from './directory-test-kit.ts';

let t: TestApp;
let support: LoggedIn;
let root: string;
let files: AnnuaireFolder;
let nurses: Record<string, string>[];

beforeAll(async () => {
  t = await createTestApp();
  support = await supportSession(t);
  root = join(t.deps.config.dataDir, `annuaire-${randomUUID()}`);
  files = generateAnnuaire(root, { people: 500, departements: '91' });
  const [header = '', ...lines] = readLines(files.persons);
  nurses = lines
    .map((l) => fieldsOf(header, l))
    .filter((p) => p['Code profession'] === '60' && p["Type d'identifiant PP"] === '8');
  if (nurses.length < 3) throw new Error('too few nurses in the generated file');
});
afterAll(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

async function registered(fields: Record<string, unknown>): Promise<RegistrationSummary | undefined> {
  const res = await register(t.app, professionalFields(fields));
  expect(res.statusCode, res.body).toBe(201);
  const { id } = res.json<{ id: string }>();
  const list = await t.app.inject({
    url: '/api/admin/registrations?status=pending',
    headers: bearer(support.token),
  });
  return list.json<RegistrationSummary[]>().find((r) => r.id === id);
}

/** The directory's own identity of a nurse, as a registration would type it. */
const identity = (nurse: Record<string, string>) => ({
  identifier: nurse['Identifiant PP'],
  lastName: (nurse["Nom d'exercice"] ?? '').toLowerCase(),
  firstName: nurse["Prénom d'exercice"],
  profession: '60',
});
const nurse = (i: number) => nurses[i] ?? {};

describe('registration cross-checked against the national directory', () => {
  it('D1: before any import nothing can be said; the import then checks pending registrations', async () => {
    const before = await registered(identity(nurse(0)));
    expect(before?.directoryCheck).toBeNull();
    const job = await importFolder(t.app, support.token, root.slice(t.deps.config.dataDir.length + 1));
    expect(job.state, job.failure ?? '').toBe('succeeded');
    const list = await t.app.inject({
      url: '/api/admin/registrations?status=pending',
      headers: bearer(support.token),
    });
    const after = list.json<RegistrationSummary[]>().find((r) => r.id === before?.id);
    expect(after?.directoryCheck).toMatchObject({ found: true, mismatches: [], directoryProfession: '60' });
  });

  it('D1: registration is cross-checked against the directory: name and profession are proposed', async () => {
    const summary = await registered(identity(nurse(1)));
    expect(summary?.directoryCheck).toEqual({
      found: true,
      mismatches: [],
      directoryName: expect.stringContaining(nurse(1)["Nom d'exercice"] ?? '') as string,
      directoryProfession: '60',
    });
  });

  it('D1: a mismatch of name or profession is flagged to support in the pending list', async () => {
    const summary = await registered({ ...identity(nurse(2)), lastName: 'Autrenom', profession: '10' });
    expect(summary?.directoryCheck?.found).toBe(true);
    expect(summary?.directoryCheck?.mismatches).toEqual(['lastName', 'profession']);
    expect(summary?.directoryCheck?.directoryName).toContain(nurse(2)["Nom d'exercice"]);
  });

  it('D1: an identifier absent from the directory is flagged as not found', async () => {
    const summary = await registered({ identifier: rpps(98_765_432) });
    expect(summary?.directoryCheck).toEqual({
      found: false,
      mismatches: [],
      directoryName: null,
      directoryProfession: null,
    });
  });
});
