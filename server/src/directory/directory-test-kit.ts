import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { JobReply } from '@relais/contracts';
import { repoRoot } from '../config.ts';

/** Test support: Annuaire Santé files written by ../shared/tools/gen-annuaire.mjs, and jobs awaited. */
const generator = resolve(repoRoot, '../shared/tools/gen-annuaire.mjs');

export interface AnnuaireFolder {
  folder: string;
  persons: string;
  mssante: string;
}

export function generateAnnuaire(
  folder: string,
  options: { people: number; departements?: string; stamp?: string; seed?: number },
): AnnuaireFolder {
  const args = [generator, '--out', folder, '--people', String(options.people)];
  if (options.departements) args.push('--departements', options.departements);
  if (options.stamp) args.push('--stamp', options.stamp);
  if (options.seed) args.push('--seed', String(options.seed));
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`gen-annuaire.mjs failed: ${run.stderr}`);
  return annuaireIn(folder);
}

export function annuaireIn(folder: string): AnnuaireFolder {
  const names = readdirSync(folder);
  const find = (prefix: string) => {
    const name = names.find((n) => n.startsWith(prefix));
    if (!name) throw new Error(`no ${prefix} file in ${folder}`);
    return join(folder, name);
  };
  return {
    folder,
    persons: find('PS_LibreAcces_Personne_activite_'),
    mssante: find('Extraction_Correspondance_MSSante_'),
  };
}

/** Lines of a generated file (header first, no trailing empty line). */
export function readLines(path: string): string[] {
  return readFileSync(path, 'utf8').replace(/\n$/, '').split('\n');
}

/** A copy of `source` in `folder`, under the stamp given, its lines changed by `edit`, in the encoding given. */
export function writeAnnuaire(
  source: AnnuaireFolder,
  folder: string,
  stamp: string,
  edit: { persons?: (lines: string[]) => string[]; mssante?: (lines: string[]) => string[] } = {},
  encoding: BufferEncoding = 'utf8',
): AnnuaireFolder {
  mkdirSync(folder, { recursive: true });
  const target = {
    folder,
    persons: join(folder, `PS_LibreAcces_Personne_activite_${stamp}.txt`),
    mssante: join(folder, `Extraction_Correspondance_MSSante_${stamp}.txt`),
  };
  for (const kind of ['persons', 'mssante'] as const) {
    const lines = readLines(source[kind]);
    const edited = edit[kind]?.(lines) ?? lines;
    writeFileSync(target[kind], Buffer.from(`${edited.join('\n')}\n`, encoding));
  }
  return target;
}

/** Polls the job until it ends. */
export async function waitForJob(app: FastifyInstance, token: string, jobId: string): Promise<JobReply> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await app.inject({
      url: `/api/admin/jobs/${jobId}`,
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.statusCode !== 200) throw new Error(`job status: ${res.statusCode} ${res.body}`);
    const job = res.json<JobReply>();
    if (job.state === 'succeeded' || job.state === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.state}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Support imports a folder of the data directory and waits for the job. */
export async function importFolder(
  app: FastifyInstance,
  token: string,
  folder: string,
  force = false,
): Promise<JobReply> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/admin/directory/import',
    headers: { authorization: `Bearer ${token}` },
    payload: force ? { folder, force } : { folder },
  });
  if (res.statusCode !== 202) throw new Error(`import refused: ${res.statusCode} ${res.body}`);
  return waitForJob(app, token, res.json<{ jobId: string }>().jobId);
}

/** Fields of a data line, by header name. */
export function fieldsOf(header: string, line: string): Record<string, string> {
  const names = header.split('|');
  const values = line.split('|');
  return Object.fromEntries(names.map((name, i) => [name, values[i] ?? '']));
}

/** A multipart body carrying files (and text fields). */
export function multipartFiles(
  files: { name: string; filename: string; content: Buffer }[],
  fields: Record<string, string> = {},
) {
  const boundary = `----relais${Date.now().toString(36)}`;
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  parts.push(
    ...files.flatMap((file) => [
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\n` +
          'Content-Type: text/plain\r\n\r\n',
      ),
      file.content,
      Buffer.from('\r\n'),
    ]),
  );
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
