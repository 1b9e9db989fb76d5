import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NationalDirectoryReply, UserDirectoryReply } from '@relais/contracts';
import {
  activeProfessional,
  bearer,
  createTestApp,
  supportSession,
  type LoggedIn,
  type TestApp,
} from '../../test/helpers.ts';
import { fieldsOf, generateAnnuaire, importFolder, readLines } from './directory-test-kit.ts';
import { normalizeName } from './name-key.ts';

let t: TestApp;
let support: LoggedIn;
let pro: LoggedIn;
let root: string;
let persons: Record<string, string>[];

beforeAll(async () => {
  t = await createTestApp();
  support = await supportSession(t);
  pro = await activeProfessional(t, support);
  root = join(t.deps.config.dataDir, `annuaire-${randomUUID()}`);
  const files = generateAnnuaire(root, { people: 2000, departements: '91' });
  const job = await importFolder(t.app, support.token, root.slice(t.deps.config.dataDir.length + 1));
  if (job.state !== 'succeeded') throw new Error(job.failure ?? 'import failed');
  const [header = '', ...lines] = readLines(files.persons);
  persons = lines.map((line) => fieldsOf(header, line));
});
afterAll(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

async function national(query: string, token = pro.token): Promise<NationalDirectoryReply['items']> {
  const res = await t.app.inject({ url: `/api/directory/national?${query}`, headers: bearer(token) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<NationalDirectoryReply>().items;
}
const q = (text: string) => `q=${encodeURIComponent(text)}`;
const lastNames = (items: NationalDirectoryReply['items']) => items.map((i) => normalizeName(i.lastName));
const someone = (test: (p: Record<string, string>) => boolean) => {
  const found = persons.find(test);
  if (!found) throw new Error('no such person in the generated file');
  return {
    last: found["Nom d'exercice"] ?? '',
    first: found["Prénom d'exercice"] ?? '',
    id: found['Identifiant PP'] ?? '',
  };
};

describe('national directory search', () => {
  it('Directory: a name is found whatever its accents and case, in either order', async () => {
    const p = someone(
      (r) => /É|È/.test(r["Prénom d'exercice"] ?? '') && !/ /.test(r["Nom d'exercice"] ?? ''),
    );
    const plain = normalizeName(p.first);
    for (const text of [
      `${p.last.toLowerCase()} ${plain}`,
      `${plain.toUpperCase()} ${p.last}`,
      `${p.first} ${p.last}`,
    ]) {
      const items = await national(q(text));
      expect(items.length, text).toBeGreaterThan(0);
      for (const item of items) {
        expect(normalizeName(item.lastName)).toBe(normalizeName(p.last));
        expect(normalizeName(item.firstName)).toBe(plain);
      }
    }
  });

  it('Directory: the last word is a prefix, and a particle may be left out', async () => {
    const p = someone((r) => r["Nom d'exercice"] === 'DE LA FONTAINE');
    for (const text of ['de la fon', `de la fontaine ${p.first.slice(0, 2)}`]) {
      const prefix = await national(q(text));
      expect(prefix.length, text).toBeGreaterThan(0);
      expect(new Set(lastNames(prefix)), text).toEqual(new Set(['de la fontaine']));
    }
    const bare = await national(q(`fontaine ${p.first}`));
    expect(bare.map((i) => i.lastName)).toContain('DE LA FONTAINE');
  });

  it('Directory: a typo in a name is tolerated', async () => {
    const p = someone(
      (r) => (r["Nom d'exercice"] ?? '').length >= 6 && !/[ '-]/.test(r["Nom d'exercice"] ?? ''),
    );
    const last = normalizeName(p.last);
    const swapped = last.slice(0, 2) + (last[3] ?? '') + (last[2] ?? '') + last.slice(4);
    const missing = last.slice(0, 3) + last.slice(4);
    for (const typo of [swapped, missing, `${swapped} ${normalizeName(p.first)}`]) {
      const items = await national(q(typo));
      expect(items.length, typo).toBeGreaterThan(0);
      expect(lastNames(items), typo).toContain(last);
    }
    const first = await national(
      q(`${last} ${normalizeName(p.first).slice(0, 1)}x${normalizeName(p.first).slice(2)}`),
    );
    expect(first.some((i) => normalizeName(i.firstName) === normalizeName(p.first))).toBe(true);
  });

  it('Directory: a professional is found by RPPS, ADELI or IDNPS, exactly', async () => {
    const p = someone((r) => r["Type d'identifiant PP"] === '8');
    for (const query of [`identifier=${p.id}`, `identifier=8${p.id}`, q(p.id)]) {
      const items = await national(query);
      expect(items.map((i) => i.identifier)).toEqual([p.id]);
    }
    const adeli = persons.find((r) => r["Type d'identifiant PP"] === '0');
    if (adeli) {
      const items = await national(`identifier=${adeli['Identifiant PP'] ?? ''}`);
      expect(items[0]).toMatchObject({
        identifierType: 'adeli',
        nationalId: `0${adeli['Identifiant PP'] ?? ''}`,
      });
    }
    expect(await national('identifier=10000000000')).toEqual([]);
  });

  it('Directory: answers carry profession, places and MSSanté mailboxes, within the limit', async () => {
    const items = await national(`${q('martin')}&limit=5`);
    expect(items).toHaveLength(5);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(
        [
          'active',
          'activities',
          'civility',
          'firstName',
          'identifier',
          'identifierType',
          'lastName',
          'mssante',
          'nationalId',
          'profession',
          'specialty',
        ].sort(),
      );
      expect(item.profession.code).toMatch(/^\d+$/);
      expect(item.activities[0]?.postalCode).toMatch(/^91\d{3}$/);
    }
    const bad = await t.app.inject({ url: '/api/directory/national', headers: bearer(pro.token) });
    expect(bad.statusCode).toBe(400);
  });
});

describe('directory of users', () => {
  it('Directory: active users are found by name, prefix or typo, without e-mail or phone', async () => {
    const hélène = await activeProfessional(t, support, { firstName: 'Hélène', lastName: 'Lefèvre-Dupré' });
    for (const text of ['lefevre', 'LEFÈVRE-DU', 'helene lefevre', 'hélène', 'lefevr dupre', 'lefebvre']) {
      const res = await t.app.inject({ url: `/api/directory/users?${q(text)}`, headers: bearer(pro.token) });
      expect(res.statusCode, text).toBe(200);
      const items = res.json<UserDirectoryReply>().items;
      expect(
        items.map((i) => i.id),
        text,
      ).toContain(hélène.userId);
      const found = items.find((i) => i.id === hélène.userId);
      expect(Object.keys(found ?? {}).sort()).toEqual([
        'firstName',
        'id',
        'lastName',
        'officeCity',
        'profession',
        'specialty',
      ]);
      expect(found).toMatchObject({
        firstName: 'Hélène',
        lastName: 'Lefèvre-Dupré',
        profession: '60',
        officeCity: 'Évry-Courcouronnes',
      });
    }
    const me = await t.app.inject({
      url: `/api/directory/users?${q('lefevre')}`,
      headers: bearer(hélène.token),
    });
    expect(me.json<UserDirectoryReply>().items.map((i) => i.id)).not.toContain(hélène.userId);
    const anonymous = await t.app.inject({ url: `/api/directory/users?${q('lefevre')}` });
    expect(anonymous.statusCode).toBe(401);
  });
});
