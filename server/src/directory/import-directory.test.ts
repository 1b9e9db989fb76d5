import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { JobReply, NationalDirectoryReply } from '@relais/contracts';
import { systemContext } from '../audit/append-audit.ts';
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
import {
  fieldsOf,
  generateAnnuaire,
  importFolder,
  multipartFiles,
  readLines,
  waitForJob,
  writeAnnuaire,
  type AnnuaireFolder,
} from './directory-test-kit.ts';
import { startDirectoryImport } from './import-directory.ts';
import { readActivities } from './load-annuaire.ts';

let t: TestApp;
let support: LoggedIn;
let root: string;
let source: AnnuaireFolder;
let header: string;
let lines: string[];

beforeAll(async () => {
  t = await createTestApp();
  support = await supportSession(t);
  root = join(t.deps.config.dataDir, `annuaire-${randomUUID()}`);
  source = generateAnnuaire(join(root, 'v1'), { people: 2000, departements: '91' });
  [header = '', ...lines] = readLines(source.persons);
});
afterAll(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

const relative = (folder: string) => folder.slice(t.deps.config.dataDir.length + 1);
const count = async (query = sql`SELECT count(*)::int AS n FROM directory_persons`) =>
  (await rows<{ n: number }>(t.deps.db, query))[0]?.n;
const field = (line: string, name: string) => fieldsOf(header, line)[name] ?? '';
const idOf = (line: string) => field(line, 'Identification nationale PP');

async function national(query: string): Promise<NationalDirectoryReply['items']> {
  const res = await t.app.inject({ url: `/api/directory/national?${query}`, headers: bearer(support.token) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<NationalDirectoryReply>().items;
}

describe('national directory import', () => {
  it('D15: a generated Annuaire Santé is imported end to end, and a médecin’s MSSanté address is found', async () => {
    const job = await importFolder(t.app, support.token, relative(source.folder));
    expect(job.state, job.failure ?? '').toBe('succeeded');
    expect(job.kind).toBe('directory_import');
    const mailboxLines = readLines(source.mssante).length - 1;
    expect(job.progress).toMatchObject({ rows: lines.length + mailboxLines, persons: 2000, malformed: 0 });
    expect(job.errors).toEqual([]);
    expect(job.result).toMatchObject({
      persons: 2000,
      added: 2000,
      changed: 0,
      deactivated: 0,
      mailboxes: mailboxLines,
    });
    expect(job.startedAt && job.finishedAt && job.finishedAt >= job.startedAt).toBeTruthy();
    expect(await count()).toBe(2000);

    const [mssHeader = '', ...boxes] = readLines(source.mssante);
    const doctorBox = boxes.map((l) => fieldsOf(mssHeader, l)).find((b) => b['Code Profession'] === '10');
    const rppsNumber = doctorBox?.['Identifiant PP'] ?? '';
    const [doctor] = await national(`identifier=${rppsNumber}`);
    expect(doctor).toMatchObject({
      identifier: rppsNumber,
      identifierType: 'rpps',
      nationalId: `8${rppsNumber}`,
      civility: 'DR',
      profession: { code: '10', label: 'Médecin' },
      active: true,
    });
    expect(doctor?.mssante).toContain(doctorBox?.['Adresse BAL']);
    expect(doctor?.activities[0]?.communeCode).toMatch(/^91\d{3}$/);

    const audit = await rows<{ action: string; outcome: string }>(
      t.deps.db,
      sql`SELECT action, outcome FROM audit_log WHERE target_id = ${job.id} ORDER BY seq`,
    );
    expect(audit).toEqual([
      { action: 'directory.import.start', outcome: 'success' },
      { action: 'directory.import', outcome: 'success' },
    ]);
  });

  it('Directory: a Latin-1 file reads the same as its UTF-8 twin', async () => {
    const latin1 = writeAnnuaire(source, join(root, 'latin1'), '202611250400', {}, 'latin1');
    expect(readFileSync(latin1.persons).includes(Buffer.from('É', 'utf8'))).toBe(false);
    const job = await importFolder(t.app, support.token, relative(latin1.folder));
    expect(job.state, job.failure ?? '').toBe('succeeded');
    expect(job.result).toMatchObject({
      encoding: { persons: 'latin-1', mssante: 'latin-1' },
      changed: 0,
      unchanged: 2000,
    });
    const accented = lines.find((l) => /É|È/.test(field(l, "Prénom d'exercice"))) ?? '';
    const [person] = await national(`identifier=${field(accented, 'Identifiant PP')}`);
    expect(person?.firstName).toBe(field(accented, "Prénom d'exercice"));
  });

  it('Directory: re-importing a newer file renames, adds, marks the vanished inactive and duplicates nothing', async () => {
    const renamed = lines[0] ?? '';
    const removedId = idOf(lines[40] ?? '');
    const added = rpps(99_000_001);
    const edited = writeAnnuaire(source, join(root, 'v2'), '202611260300', {
      persons: ([head = '', ...data]) => [
        head,
        ...data
          .filter((l) => idOf(l) !== removedId)
          .map((l) =>
            idOf(l) === idOf(renamed)
              ? l.replace(`|${field(renamed, "Nom d'exercice")}|`, '|LAFLEUR-ESSAI|')
              : l,
          ),
        // A new person, one activity: the first line with another identity.
        (data[5] ?? '')
          .replace(/^8\|\d+\|\d+\|/, `8|${added}|8${added}|`)
          .replace(`|${field(data[5] ?? '', "Nom d'exercice")}|`, '|NOUVELLE-VENUE|'),
      ],
    });
    const job = await importFolder(t.app, support.token, relative(edited.folder));
    expect(job.state, job.failure ?? '').toBe('succeeded');
    expect(job.result).toMatchObject({
      persons: 2000,
      added: 1,
      changed: 1,
      deactivated: 1,
      unchanged: 1998,
    });
    expect(await count()).toBe(2001);
    expect(await count(sql`SELECT count(DISTINCT national_id)::int AS n FROM directory_persons`)).toBe(2001);
    expect(await count(sql`SELECT count(*)::int AS n FROM directory_persons WHERE active`)).toBe(2000);

    const [gone] = await national(`identifier=${removedId}`);
    expect(gone?.active).toBe(false);
    expect(
      await national(
        `q=${encodeURIComponent(gone?.lastName ?? '')}%20${encodeURIComponent(gone?.firstName ?? '')}&limit=50`,
      ),
    ).not.toContainEqual(expect.objectContaining({ nationalId: removedId }));
    const [newcomer] = await national(`identifier=${added}`);
    expect(newcomer).toMatchObject({ lastName: 'NOUVELLE-VENUE', active: true });
    const [lafleur] = await national('q=lafleur%20essai');
    expect(lafleur?.nationalId).toBe(idOf(renamed));

    // The same file again changes nothing; the vanished person stays inactive, once.
    const again = await importFolder(t.app, support.token, relative(edited.folder));
    expect(again.result).toMatchObject({ added: 0, changed: 0, deactivated: 0, unchanged: 2000 });
    expect(await count()).toBe(2001);
  });

  it('Directory: malformed lines are reported with their number and reason, the rest is imported', async () => {
    const broken = writeAnnuaire(source, join(root, 'broken'), '202611270300', {
      persons: ([head = '', ...data]) => [
        head,
        'pas|assez|de|colonnes|',
        ...data.slice(0, 10),
        (data[10] ?? '').replace(
          /^8\|(\d{10})\d\|/,
          (_, body: string) => `8|${body}${(Number(data[10]?.[12]) + 1) % 10}|`,
        ),
        (data[11] ?? '').replace(/^8\|/, '7|'),
        ...data.slice(12),
      ],
      mssante: ([head = '', ...data]) => [
        head,
        ...data.slice(0, 3),
        'PER|pas-une-adresse|8|10000000000|810000000000' + '|'.repeat(27),
        ...data.slice(3),
      ],
    });
    const job = await importFolder(t.app, support.token, relative(broken.folder), true);
    expect(job.state, job.failure ?? '').toBe('succeeded');
    const persons = broken.persons.split('/').pop();
    const mssante = broken.mssante.split('/').pop();
    expect(job.progress.malformed).toBe(4);
    expect(job.errors).toEqual(
      expect.arrayContaining([
        { file: persons, line: 2, reason: '4 colonnes au lieu de 56' },
        { file: persons, line: 13, reason: expect.stringMatching(/clé de contrôle/) as string },
        {
          file: persons,
          line: 14,
          reason: expect.stringMatching(/type d’identifiant inconnu « 7 »/) as string,
        },
        { file: mssante, line: 5, reason: expect.stringMatching(/adresse MSSanté invalide/) as string },
      ]),
    );
    expect(job.result?.persons).toBeGreaterThan(1995);
  });

  it('Directory: quotes, tabs, backslashes and stray control characters in the data are kept and break nothing', async () => {
    const quoted = lines[20] ?? '';
    const control = lines[30] ?? '';
    const odd = 'CABINET "LES TILLEULS"\tBIS \\ NORD\u000bSUD';
    const rename = (line: string, name: string) =>
      line.replace(`|${field(line, 'Raison sociale site')}|`, `|${name}|`);
    const edited = writeAnnuaire(source, join(root, 'odd'), '202611271300', {
      persons: (all) =>
        all.map((l) => (l === quoted ? rename(l, odd) : l === control ? rename(l, 'CABINET\u000bNORD') : l)),
    });
    const job = await importFolder(t.app, support.token, relative(edited.folder), true);
    expect(job.state, job.failure ?? '').toBe('succeeded');
    expect(job.progress.malformed).toBe(0);
    const structures = async (line: string) => {
      const [stored] = await rows<{ activities: string }>(
        t.deps.db,
        sql`SELECT activities FROM directory_persons WHERE national_id = ${idOf(line)}`,
      );
      return readActivities(stored?.activities ?? '[]').map((a) => a[0]);
    };
    expect(await structures(quoted)).toContain(odd);
    expect(await structures(control)).toContain('CABINET NORD');
    const [person] = await national(`identifier=${field(control, 'Identifiant PP')}`);
    expect(person?.activities.length).toBeGreaterThan(0);
  });

  it('Directory: a file of the wrong shape is refused before anything is written, naming the missing columns', async () => {
    const jobs = await count(sql`SELECT count(*)::int AS n FROM jobs`);
    const before = await count();
    const cut = (l: string) =>
      l
        .split('|')
        .filter((_, i) => i !== 7 && i !== 9)
        .join('|');
    const wrong = writeAnnuaire(source, join(root, 'wrong'), '202611280300', {
      persons: (ls) => ls.map(cut),
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/directory/import',
      headers: bearer(support.token),
      payload: { folder: relative(wrong.folder) },
    });
    expect(res.statusCode).toBe(400);
    const error = res.json<{
      error: { message: string; details: { missingColumns: { persons: string[] } } };
    }>().error;
    expect(error.details.missingColumns.persons).toEqual(["Nom d'exercice", 'Code profession']);
    expect(error.message).toMatch(/colonnes manquantes : Nom d'exercice, Code profession/);
    expect(await count(sql`SELECT count(*)::int AS n FROM jobs`)).toBe(jobs);
    expect(await count()).toBe(before);

    const outside = await t.app.inject({
      method: 'POST',
      url: '/api/admin/directory/import',
      headers: bearer(support.token),
      payload: { folder: '../../' },
    });
    expect(outside.statusCode).toBe(400);
  });

  it('Directory: an import that fails midway leaves the previous directory as it was', async () => {
    const before = await rows<{ national_id: string; last_name: string; active: boolean }>(
      t.deps.db,
      sql`SELECT national_id, last_name, active FROM directory_persons ORDER BY national_id`,
    );
    const other = generateAnnuaire(join(root, 'other'), {
      people: 1500,
      departements: '77',
      seed: 9,
      stamp: '202612010300',
    });
    const started = await startDirectoryImport(t.deps, systemContext, other, { force: true });
    const result = await started.run((progress) => {
      if (progress.step === 'indexing') throw new Error('disk full');
    });
    expect(result).toBeNull();
    const job = await waitForJob(t.app, support.token, started.jobId);
    expect(job.state).toBe('failed');
    expect(job.failure).toMatch(/Erreur interne/);
    const after = await rows<{ national_id: string; last_name: string; active: boolean }>(
      t.deps.db,
      sql`SELECT national_id, last_name, active FROM directory_persons ORDER BY national_id`,
    );
    expect(after).toEqual(before);
    expect(
      await count(sql`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'directory_import'`),
    ).toBe(0);
  });

  it('Directory: the live tables keep the indexes the migration gave them', async () => {
    const defs = await rows<{ indexdef: string }>(
      t.deps.db,
      sql`SELECT regexp_replace(indexdef, ' ON \\S+\\.', ' ON ') AS indexdef FROM pg_indexes
          WHERE tablename LIKE 'directory\\_%' AND schemaname = current_schema() ORDER BY indexname`,
    );
    expect(defs.map((d) => d.indexdef)).toEqual([
      'CREATE INDEX directory_mssante_person_idx ON directory_mssante USING btree (national_id)',
      'CREATE UNIQUE INDEX directory_persons_pkey ON directory_persons USING btree (national_id)',
      'CREATE INDEX directory_persons_search_alt_idx ON directory_persons USING btree (search_key_alt) WHERE (active AND (search_key_alt IS NOT NULL))',
      'CREATE INDEX directory_persons_search_idx ON directory_persons USING btree (search_key) WHERE active',
      'CREATE INDEX directory_token_variants_variant_idx ON directory_token_variants USING btree (variant)',
      'CREATE UNIQUE INDEX directory_tokens_pkey ON directory_tokens USING btree (token)',
    ]);
  });

  it('Directory: support uploads the two files as a multipart form', async () => {
    const small = generateAnnuaire(join(root, 'upload'), { people: 300, departements: '91', seed: 3 });
    const body = multipartFiles(
      [
        {
          name: 'persons',
          filename: small.persons.split('/').pop() ?? '',
          content: readFileSync(small.persons),
        },
        { name: 'mssante', filename: 'annuaire-mss.txt', content: readFileSync(small.mssante) },
      ],
      { force: 'true' },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/directory/import',
      headers: { ...bearer(support.token), ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(202);
    const job = await waitForJob(t.app, support.token, res.json<{ jobId: string }>().jobId);
    expect(job.state, job.failure ?? '').toBe('succeeded');
    expect(job.result).toMatchObject({
      persons: 300,
      files: { mssante: 'Extraction_Correspondance_MSSante_upload.txt' },
    });
  });

  it('Directory: only support imports and reads jobs; an unknown job is 404', async () => {
    const pro = await activeProfessional(t, support);
    const post = await t.app.inject({
      method: 'POST',
      url: '/api/admin/directory/import',
      headers: bearer(pro.token),
      payload: { folder: relative(source.folder) },
    });
    expect(post.statusCode).toBe(403);
    const [job] = await rows<{ id: string }>(t.deps.db, sql`SELECT id FROM jobs LIMIT 1`);
    const read = await t.app.inject({ url: `/api/admin/jobs/${job?.id ?? ''}`, headers: bearer(pro.token) });
    expect(read.statusCode).toBe(403);
    const unknown = await t.app.inject({
      url: `/api/admin/jobs/${randomUUID()}`,
      headers: bearer(support.token),
    });
    expect(unknown.statusCode).toBe(404);
    const anonymous = await t.app.inject({ url: '/api/directory/national?q=martin' });
    expect(anonymous.statusCode).toBe(401);
    const mine = await t.app.inject({ url: '/api/directory/national?q=martin', headers: bearer(pro.token) });
    expect(mine.statusCode).toBe(200);
  });

  it('Directory: a file not sorted by person has each person’s rows merged, in memory or, past a bound, in SQL', async () => {
    const shuffled = writeAnnuaire(source, join(root, 'shuffled'), '202612020300', {
      persons: ([head = '', ...data]) => [
        head,
        ...data.filter((_, i) => i % 2 === 0),
        ...data.filter((_, i) => i % 2 === 1),
      ],
    });
    const rowsPerPerson = new Map<string, number>();
    for (const line of lines) rowsPerPerson.set(idOf(line), (rowsPerPerson.get(idOf(line)) ?? 0) + 1);
    for (const maxLatePersons of [100_000, 5]) {
      const started = await startDirectoryImport(t.deps, systemContext, shuffled, {
        force: true,
        maxLatePersons,
      });
      const result = await started.run();
      expect(result?.persons, String(maxLatePersons)).toBe(rowsPerPerson.size);
      expect(result?.duplicates).toBeGreaterThan(0);
      const stored = await rows<{ national_id: string; activities: string }>(
        t.deps.db,
        sql`SELECT national_id, activities FROM directory_persons WHERE active`,
      );
      expect(stored).toHaveLength(rowsPerPerson.size);
      for (const person of stored)
        expect(readActivities(person.activities).length, person.national_id).toBe(
          rowsPerPerson.get(person.national_id),
        );
    }
  });

  it('Directory: a job whose process died reads as failed', async () => {
    const [{ id } = { id: '' }] = await rows<{ id: string }>(
      t.deps.db,
      sql`INSERT INTO jobs (kind, state, created_at, heartbeat_at)
          VALUES ('directory_import', 'running', ${t.clock.now().toISOString()}, ${t.clock.now().toISOString()}) RETURNING id`,
    );
    t.clock.advance(10 * 60_000);
    const res = await t.app.inject({ url: `/api/admin/jobs/${id}`, headers: bearer(support.token) });
    const job = res.json<JobReply>();
    expect(job.state).toBe('failed');
    expect(job.failure).toMatch(/interrompu/);
  });
});
