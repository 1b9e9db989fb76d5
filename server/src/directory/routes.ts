import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, realpath, rm } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DirectoryImportRequest,
  ErrorBody,
  ImportStarted,
  JobReply,
  NationalDirectoryQuery,
  NationalDirectoryReply,
  UserDirectoryQuery,
  UserDirectoryReply,
  Uuid,
} from '@relais/contracts';
import type { Deps } from '../deps.ts';
import { zodFieldErrors } from '../http/errors.ts';
import { requestContext, requireSupport, requireUser } from '../http/auth.ts';
import { AppError, invalidFields, notFound } from '../shared/errors.ts';
import {
  fileKindOf,
  FileShapeError,
  findNewestFiles,
  type AnnuaireFiles,
  type FileKind,
} from './annuaire-files.ts';
import { startDirectoryImport } from './import-directory.ts';
import { readJob } from './jobs.ts';
import { searchNationalDirectory } from './search-national-directory.ts';
import { searchUsers } from './search-users.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
};

/** A national extraction is a few hundred MB; the disk is the real limit. */
const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

export function directoryRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/directory/national',
    {
      schema: {
        tags: ['directory'],
        querystring: NationalDirectoryQuery,
        response: { 200: NationalDirectoryReply, ...errors },
      },
    },
    async (request) => {
      requireUser(request);
      return { items: await searchNationalDirectory(deps.db, request.query) };
    },
  );

  r.get(
    '/api/directory/users',
    {
      schema: {
        tags: ['directory'],
        querystring: UserDirectoryQuery,
        response: { 200: UserDirectoryReply, ...errors },
      },
    },
    async (request) => {
      const auth = requireUser(request);
      return { items: await searchUsers(deps.db, auth.user.id, request.query) };
    },
  );

  r.post(
    '/api/admin/directory/import',
    {
      schema: {
        tags: ['support'],
        description:
          'Multipart with the files `persons` (PS_LibreAcces_Personne_activite_*.txt) and `mssante` ' +
          '(Extraction_Correspondance_MSSante_*.txt) and optionally the field `force` = `true`, or JSON `{"folder", "force"?}` naming a folder inside the ' +
          "server's data directory, whose newest pair of files is imported.",
        response: { 202: ImportStarted, ...errors },
      },
    },
    async (request, reply) => {
      requireSupport(request);
      const upload = request.isMultipart() ? await receiveUpload(request, deps.config.dataDir) : null;
      try {
        let files: AnnuaireFiles;
        let force = false;
        if (upload) ({ files, force } = upload);
        else {
          const body = DirectoryImportRequest.safeParse(request.body ?? {});
          if (!body.success) throw invalidFields(zodFieldErrors(body.error));
          files = await filesInDataDir(deps.config.dataDir, body.data.folder);
          force = body.data.force ?? false;
        }
        const started = await startDirectoryImport(deps, requestContext(request), files, { force });
        void started.run().finally(() => upload?.cleanup());
        return await reply.status(202).send({ jobId: started.jobId });
      } catch (error) {
        await upload?.cleanup();
        throw error;
      }
    },
  );

  r.get(
    '/api/admin/jobs/:id',
    {
      schema: {
        tags: ['support'],
        params: z.strictObject({ id: Uuid }),
        response: { 200: JobReply, ...errors },
      },
    },
    async (request) => {
      requireSupport(request);
      const job = await readJob(deps.db, deps.clock, request.params.id);
      if (!job) throw notFound('Traitement introuvable.');
      return job;
    },
  );
}

const UPLOAD_NAMES: Record<FileKind, string> = {
  persons: 'PS_LibreAcces_Personne_activite_upload.txt',
  mssante: 'Extraction_Correspondance_MSSante_upload.txt',
};

/** The two uploaded files, streamed to a folder of their own under the data directory, and the `force` field. */
async function receiveUpload(request: FastifyRequest, dataDir: string) {
  const folder = join(dataDir, 'directory-uploads', randomUUID());
  await mkdir(folder, { recursive: true });
  const cleanup = () => rm(folder, { recursive: true, force: true });
  try {
    const received: Partial<AnnuaireFiles> = {};
    let force = false;
    for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 2, fields: 1 } })) {
      if (part.type === 'field') {
        if (part.fieldname !== 'force') throw invalidFields({ [part.fieldname]: 'Champ inconnu.' });
        force = part.value === 'true' || part.value === '1';
        continue;
      }
      const kind =
        part.fieldname === 'persons' || part.fieldname === 'mssante'
          ? part.fieldname
          : fileKindOf(part.filename);
      if (!kind || received[kind]) {
        part.file.resume();
        throw invalidFields({
          [part.fieldname]:
            'Fichier inattendu : envoyez `persons` (PS_LibreAcces_Personne_activite) et `mssante`.',
        });
      }
      const name =
        fileKindOf(basename(part.filename)) === kind ? basename(part.filename) : UPLOAD_NAMES[kind];
      const path = join(folder, name);
      try {
        await pipeline(part.file, createWriteStream(path));
      } catch {
        throw new AppError('file_too_large', 'Fichier trop volumineux ou envoi interrompu.');
      }
      received[kind] = path;
    }
    if (!received.persons || !received.mssante)
      throw invalidFields({
        ...(received.persons
          ? {}
          : { persons: 'Le fichier PS_LibreAcces_Personne_activite est obligatoire.' }),
        ...(received.mssante
          ? {}
          : { mssante: 'Le fichier Extraction_Correspondance_MSSante est obligatoire.' }),
      });
    return { files: { persons: received.persons, mssante: received.mssante }, force, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** A folder given by support must lie inside the data directory (RELAIS_DATA_DIR), links resolved. */
async function filesInDataDir(dataDir: string, folder: string): Promise<AnnuaireFiles> {
  const base = await realpath(dataDir).catch(() => resolve(dataDir));
  const target = await realpath(resolve(base, folder)).catch(() => null);
  if (!target) throw invalidFields({ folder: 'Dossier introuvable.' });
  if (target !== base && !target.startsWith(base + sep))
    throw invalidFields({
      folder: 'Le dossier doit se trouver dans le dossier de données du serveur (RELAIS_DATA_DIR).',
    });
  try {
    return await findNewestFiles(target);
  } catch (error) {
    if (error instanceof FileShapeError) throw invalidFields({ folder: error.message }, error.message);
    throw error;
  }
}
